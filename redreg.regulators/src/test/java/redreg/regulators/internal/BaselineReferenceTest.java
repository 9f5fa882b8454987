package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static redreg.regulators.internal.ReferenceValuesTest.array;
import static redreg.regulators.internal.ReferenceValuesTest.tensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.DataPart;
import redreg.api.FeatureSet;
import redreg.api.LossWeights;
import redreg.api.ModelFork;
import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.api.experiment.Registry;
import redreg.api.signals.Gradients;
import redreg.testkit.TestContext;
import redreg.testkit.TestModality;
import redreg.testkit.TestStep;

/**
 * The baselines against {@code reference/baselines_reference.py} (numpy; derivatives by finite differences, the
 * Shapley values by permutations, the min-norm weight by search), to 1e-6.
 */
class BaselineReferenceTest {
    private static final double TOL = 1e-6;
    private static JsonNode baselines;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = BaselineReferenceTest.class.getResourceAsStream("/reference/reference.json")) {
            baselines = new ObjectMapper().readTree(in).get("baselines");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Regulator create(RegulatorProvider provider, JsonNode config) {
        return provider.create(Registry.bind(provider, config));
    }

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(s -> out.add(s.asText()));
        return out;
    }

    static int[] ints(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    static void assertClose(INDArray actual, INDArray expected, String what) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).as(what).isLessThan(TOL);
    }

    static void assertDiagnostics(TestStep step, JsonNode expected, String where) {
        expected.fields().forEachRemaining(e -> assertThat(step.diagnostics().get(e.getKey()))
                .as("%s: %s", where, e.getKey()).isNotNull().isCloseTo(e.getValue().asDouble(), within(TOL)));
    }

    /** A step of epoch {@code epoch} (one step an epoch, 100 epochs); {@code each} gives each modality its arrays. */
    static TestStep.Builder step(List<String> mods, int epoch, int[] labels, BiConsumer<String, TestModality.Builder> each) {
        TestStep.Builder s = TestStep.builder().labels(labels).clock(epoch, 100, 0, 1);
        mods.forEach(m -> s.modality(m, fm -> each.accept(m, fm)));
        return s;
    }

    /** A context of 100 one-step epochs, seed 1. */
    static TestContext.Builder context(List<String> mods) {
        return TestContext.builder().modalities(mods).epochs(100).seed(1);
    }

    @Test
    void mmParetoMatchesNumpy() {
        JsonNode c = baselines.get("mmpareto");
        Regulator r = create(new MmParetoProvider(), c.get("config"));
        List<String> mods = List.of("audio", "visual");
        for (int t = 0; t < c.get("steps").size(); t++) {
            JsonNode s = c.get("steps").get(t);
            TestStep step = step(mods, 0, new int[] {0}, (m, fm) -> fm.fusedGradients(tensors(s.get(m).get("fused")))
                    .lossGradients("unimodal", tensors(s.get(m).get("unimodal"))).gradients(tensors(s.get(m).get("total"))))
                    // even steps: the step has exactly the two parts (the unimodal one is then taken as total − fused)
                    .unimodalLosses(t % 2 == 0).build();
            r.shapeLoss(step);
            assertThat(step.fusedWeight()).isEqualTo(1.0);
            // odd steps have no unimodal losses (default weight 0): MMPareto sets them to 1
            assertThat(step.lossWeights().unimodal()).containsExactlyInAnyOrderEntriesOf(Map.of("audio", 1.0, "visual", 1.0));
            r.regulate(step);
            JsonNode want = c.get("expected").get(t);
            assertDiagnostics(step, want.get("diagnostics"), "step " + t);
            for (String m : mods) {
                Map<String, INDArray> g = tensors(want.get("gradients").get(m));
                for (var e : g.entrySet()) {
                    assertClose(step.modality(m).gradients().get(e.getKey()), e.getValue(),
                            "step " + t + " " + m + " " + e.getKey());
                }
            }
        }
    }

    /** The modalities a coalition bitmask leaves out (zeroed in its pass). */
    static Set<String> zeroed(int mask, List<String> mods) {
        Set<String> out = new TreeSet<>();
        for (int j = 0; j < mods.size(); j++) {
            if ((mask & (1 << j)) == 0) {
                out.add(mods.get(j));
            }
        }
        return out;
    }

    @Test
    void agmMatchesNumpyForTwoAndThreeModalities() {
        List<JsonNode> cases = new ArrayList<>();
        baselines.get("agm").forEach(cases::add);
        baselines.get("agmLateWindow").forEach(cases::add); // scores (running means) before the window starts
        for (JsonNode c : cases) {
            List<String> mods = strings(c.get("modalities"));
            int full = (1 << mods.size()) - 1;
            Regulator r = create(new AgmProvider(), c.get("config"));
            r.onTrainStart(context(mods).build());
            for (int t = 0; t < c.get("steps").size(); t++) {
                JsonNode s = c.get("steps").get(t);
                JsonNode want = c.get("expected").get(t);
                String where = mods.size() + " modalities " + c.get("config") + ", step " + t;
                TestStep.Builder b = step(mods, t, ints(s.get("labels")),
                        (m, fm) -> fm.gradients(tensors(s.get("encoders").get(m))))
                        .fusedLogits(array(s.get("values").get(String.valueOf(full))))
                        .fusionGradients(tensors(s.get("fusion")));
                for (int mask = 1; mask < full; mask++) {
                    b.pass(zeroed(mask, mods), array(s.get("values").get(String.valueOf(mask))));
                }
                TestStep step = b.build();
                r.shapeLoss(step);
                assertThat(step.fusedWeight()).as(where).isCloseTo(want.get("fusedWeight").asDouble(), within(TOL));
                assertDiagnostics(step, want.get("diagnostics"), where);
                step.passes().forEach(p -> assertThat(p.trainMode()).as("AGM's passes run in eval mode").isFalse());
                r.regulate(step);
                Map<Set<String>, INDArray> upstream = new LinkedHashMap<>();
                want.get("upstream").fields().forEachRemaining(e ->
                        upstream.put(zeroed(Integer.parseInt(e.getKey()), mods), array(e.getValue())));
                assertThat(step.backwards().keySet()).as(where).isEqualTo(upstream.keySet());
                upstream.forEach((z, g) -> assertClose(step.backwards().get(z), g, where + " upstream with " + z + " off"));
                for (String m : mods) {
                    tensors(want.get("encoders").get(m)).forEach((k, g) ->
                            assertClose(step.modality(m).gradients().get(k), g, where + " clipped " + m + " " + k));
                }
                tensors(want.get("fusion")).forEach((k, g) -> assertClose(step.fusionGradients().get(k), g, where + " fusion " + k));
            }
        }
    }

    static FeatureSet featureSet(JsonNode labels, Map<String, JsonNode> features) {
        int[] y = ints(labels);
        Map<String, INDArray> f = new LinkedHashMap<>();
        features.forEach((m, n) -> f.put(m, array(n)));
        return new FeatureSet(java.util.stream.IntStream.range(0, y.length).toArray(), y, f, Map.of(), null);
    }

    @Test
    void pmrMatchesNumpy() {
        for (JsonNode c : baselines.get("pmr")) {
            checkPmr(c, List.of("audio", "visual"));
        }
    }

    /** PMR's rule for M modalities (ρ_m against the mean of the others) on two and three modalities. */
    @Test
    void pmrForTwoAndThreeModalitiesMatchesNumpy() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/reference/pmr_modalities.json")) {
            JsonNode cases = new ObjectMapper().readTree(in).get("cases");
            assertThat(cases).hasSize(3);
            for (JsonNode c : cases) {
                checkPmr(c, strings(c.get("modalities")));
            }
        }
    }

    static void checkPmr(JsonNode c, List<String> mods) {
        Pmr r = (Pmr) create(new PmrProvider(), c.get("config"));
        List<FeatureSet> sets = new ArrayList<>();
        for (JsonNode fs : c.get("featureSets")) {
            Map<String, JsonNode> f = new LinkedHashMap<>();
            mods.forEach(m -> f.put(m, fs.get("features").get(m)));
            sets.add(featureSet(fs.get("labels"), f));
        }
        TestContext ctx = context(mods).features(DataPart.TRAIN, sets).build();
        r.onTrainStart(ctx);
        for (int e = 0; e < sets.size(); e++) {
            ctx.setEpoch(e);
            r.onEpochStart(ctx);
            JsonNode want = c.get("expected").get(e);
            String where = c.get("config") + " epoch " + e;
            for (String m : mods) {
                assertClose(r.prototypes(m), array(want.get("prototypes").get(m)), where + " prototypes " + m);
            }
            JsonNode s = c.get("steps").get(e);
            TestStep step = step(mods, e, ints(s.get("labels")), (m, fm) -> fm.features(array(s.get("features").get(m))))
                    .build();
            r.shapeLoss(step);
            assertDiagnostics(step, want.get("diagnostics"), where);
            assertThat(step.terms().keySet()).as(where).containsExactlyInAnyOrderElementsOf(
                    () -> want.get("terms").fieldNames());
            want.get("terms").fields().forEachRemaining(t -> {
                TestStep.Term term = step.term(t.getKey());
                assertThat(term.value()).as(where + " " + t.getKey()).isCloseTo(t.getValue().get("value").asDouble(),
                        within(TOL));
                String m = t.getKey().substring("pmr.".length());
                assertThat(term.featureGradients().keySet()).isEqualTo(Set.of(m));
                assertClose(term.featureGradients().get(m), array(t.getValue().get("gradient")),
                        where + " d/dz of " + t.getKey());
            });
        }
    }

    /** A fork that answers each head's losses from a table: {L^T_N, L^V_N, L^T_{N+n}, L^V_{N+n}}. */
    static final class TableFork implements ModelFork {
        final Map<String, double[]> table;
        final int epochs;
        boolean trained;
        String trainedHead;

        TableFork(Map<String, double[]> table, int epochs) {
            this.table = table;
            this.epochs = epochs;
        }

        static String head(LossWeights w) {
            if (w.fused() == 1.0) {
                assertThat(w.unimodal().values()).allMatch(v -> v == 0.0);
                return "fused";
            }
            assertThat(w.fused()).isEqualTo(0.0);
            List<String> on = w.unimodal().entrySet().stream().filter(e -> e.getValue() == 1.0).map(Map.Entry::getKey)
                    .toList();
            assertThat(on).hasSize(1);
            return on.get(0);
        }

        @Override
        public void train(int n, LossWeights weights, Set<String> zeroed) {
            assertThat(trained).isFalse();
            assertThat(n).isEqualTo(epochs);
            assertThat(zeroed).isEmpty();
            trained = true;
            trainedHead = head(weights);
        }

        @Override
        public double loss(DataPart part, LossWeights weights, Set<String> zeroed) {
            String h = head(weights);
            assertThat(trainedHead == null || trainedHead.equals(h)).isTrue();
            assertThat(zeroed).isEmpty();
            return table.get(h)[(trained ? 2 : 0) + (part == DataPart.VALIDATION ? 1 : 0)];
        }

        @Override
        public void close() {
        }
    }

    @Test
    void gBlendingMatchesNumpy() {
        for (JsonNode c : baselines.get("gblending")) {
            List<String> mods = strings(c.get("modalities"));
            Regulator r = create(new GBlendingProvider(), c.get("config"));
            int[] epoch = {0}; // the epoch the forks are made in
            JsonNode cfg = c.get("config");
            int n = cfg.get("estimationEpochs").isNull() ? cfg.get("superEpoch").asInt() : cfg.get("estimationEpochs").asInt();
            List<TableFork> made = new ArrayList<>();
            TestContext ctx = context(mods).size(DataPart.VALIDATION, 10).forks(() -> {
                JsonNode t = c.get("losses").get(String.valueOf(epoch[0]));
                assertThat(t).as("a fork at epoch %d, where no estimation is due", epoch[0]).isNotNull();
                Map<String, double[]> table = new LinkedHashMap<>();
                t.fields().forEachRemaining(e -> table.put(e.getKey(), array(e.getValue()).toDoubleVector()));
                made.add(new TableFork(table, n));
                return made.get(made.size() - 1);
            }).build();
            r.onTrainStart(ctx);
            for (int e = 0; e < c.get("weights").size(); e++) {
                epoch[0] = e;
                ctx.setEpoch(e);
                r.onEpochStart(ctx);
                TestStep step = step(mods, e, new int[] {0}, (m, fm) -> { }).build();
                r.shapeLoss(step);
                JsonNode w = c.get("weights").get(e);
                String where = mods + " " + cfg + " epoch " + e;
                assertThat(step.fusedWeight()).as(where).isCloseTo(w.get("fused").asDouble(), within(TOL));
                for (String m : mods) {
                    assertThat(step.unimodalWeight(m)).as(where + " " + m).isCloseTo(w.get(m).asDouble(), within(TOL));
                }
            }
            assertThat(made).allMatch(f -> f.trained);
            assertThat(made).hasSize(c.get("losses").size() * (mods.size() + 1));
        }
    }

    @Test
    void relearningMatchesNumpy() {
        JsonNode c = baselines.get("relearning");
        List<String> mods = List.of("audio", "visual");
        Relearning r = (Relearning) create(new RelearningProvider(), c.get("config"));
        Map<String, Map<String, INDArray>> live = new LinkedHashMap<>();
        mods.forEach(m -> live.put(m, tensors(c.get("initial").get(m))));
        TestContext.Builder b = context(mods).parameters(live).seed(7);
        Map<DataPart, FeatureSet> sets = new LinkedHashMap<>();
        for (DataPart part : DataPart.values()) {
            String key = part == DataPart.TRAIN ? "train" : "validation";
            Map<String, JsonNode> f = new LinkedHashMap<>();
            mods.forEach(m -> f.put(m, c.get("features").get(m).get(key)));
            sets.put(part, featureSet(c.get("labels").get(key), f));
            b.features(part, sets.get(part)).size(part, c.get("labels").get(key).size());
        }
        TestContext ctx = b.build();
        r.onTrainStart(ctx);
        mods.forEach(m -> tensors(c.get("current").get(m)).forEach((k, v) -> live.get(m).get(k).assign(v)));
        Map<String, Map<String, INDArray>> before = new LinkedHashMap<>();
        mods.forEach(m -> before.put(m, Gradients.copy(live.get(m))));
        for (int epochEnded = 0; epochEnded < 5; epochEnded++) {
            int e = epochEnded;
            ctx.setEpoch(e);
            r.onEpochEnd(ctx, Map.of());
            // reinitEpoch 2, reinitNum 1: only the end of epoch 2 re-initializes.
            for (String m : mods) {
                Map<String, INDArray> want = e < 2 ? before.get(m) : tensors(c.get("blended").get(m));
                want.forEach((k, v) -> assertClose(live.get(m).get(k), v, "after epoch " + e + ": " + m + " " + k));
            }
        }
        for (String m : mods) {
            for (DataPart part : DataPart.values()) {
                String key = part == DataPart.TRAIN ? "train" : "validation";
                FeatureSet fs = sets.get(part);
                double purity = r.purity(Relearning.scaled(fs.features().get(m)), fs.labels(), 3, 11);
                assertThat(purity).as("purity of %s on %s", m, key)
                        .isCloseTo(c.get("purity").get(m).get(key).asDouble(), within(TOL));
            }
            assertThat(r.alpha(c.get("purity").get(m).get("train").asDouble(),
                    c.get("purity").get(m).get("validation").asDouble()))
                    .isCloseTo(c.get("alpha").get(m).asDouble(), within(TOL));
        }
    }
}
