package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.api.experiment.Registry;
import redreg.api.signals.Gradients;
import redreg.testkit.TestContext;
import redreg.testkit.TestStep;

/** Properties every regulator must keep, on random inputs. */
class RegulatorPropertiesTest {
    private static final List<String> MODS = List.of("audio", "visual");
    private static final Map<String, long[]> SHAPES = Map.of("conv_W", new long[] {3, 2, 2, 2}, "z_W", new long[] {4, 5},
            "z_b", new long[] {1, 5});
    private final Random random = new Random(11);

    private INDArray rand(long... shape) {
        double[] v = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    private Map<String, INDArray> tensors(double scale) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        new java.util.TreeMap<>(SHAPES).forEach((k, s) -> m.put(k, rand(s).muli(scale)));
        return m;
    }

    /** A step where {@code strong} is confidently right and the other modality is near chance. */
    private TestStep step(String strong, Map<String, Map<String, INDArray>> live, int epoch, int stepInEpoch) {
        int[] labels = {0, 1, 2, 0, 1, 2};
        TestStep.Builder s = TestStep.builder().labels(labels).clock(epoch, 10, stepInEpoch, 4).seed(3);
        INDArray shared = rand(6, 5);
        for (String m : MODS) {
            double right = m.equals(strong) ? 0.9 : 0.4;
            INDArray p = Nd4j.zeros(DataType.DOUBLE, 6, 3).addi((1 - right) / 2);
            for (int i = 0; i < 6; i++) {
                p.putScalar(i, labels[i], right);
            }
            s.modality(m, fm -> fm.input(rand(6, 4)).features(shared.add(rand(6, 5).muli(0.1))).probabilities(p)
                    .gradients(tensors(0.1)).fusedGradients(tensors(0.1)).parameters(live.get(m)).encoder(rand(4, 5)));
        }
        return s.build();
    }

    private TestStep step(String strong, Map<String, Map<String, INDArray>> live, int epoch) {
        return step(strong, live, epoch, 0);
    }

    private Map<String, Map<String, INDArray>> live() {
        Map<String, Map<String, INDArray>> live = new LinkedHashMap<>();
        MODS.forEach(m -> live.put(m, tensors(1)));
        return live;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Regulator create(RegulatorProvider p, String json) throws Exception {
        JsonNode options = new ObjectMapper().readTree(json);
        return p.create(Registry.bind(p, options));
    }

    private static TestContext ctx(Map<String, Map<String, INDArray>> live) {
        return TestContext.builder().modalities(MODS).parameters(live).epochs(10).stepsPerEpoch(4).seed(3).build();
    }

    private static void perturb(Map<String, Map<String, INDArray>> live, Random r) {
        live.values().forEach(m -> m.values().forEach(v -> v.addi(r.nextGaussian() * 0.1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"projection\": \"whole\", \"projectOn\": \"fused\"}",
            "{\"projection\": \"per-tensor\", \"projectOn\": \"total\"}",
            "{\"variant\": \"reference-code\", \"threshold\": -1e9}"})
    void redRegNeverChangesTheComponentAlongTheTaskGradient(String projection) throws Exception {
        String json = projection.replace("}", ", \"threshold\": -1e9, \"tauMin\": -2.0, \"tauMax\": -1.0, \"warmupEpochs\": 0}")
                .replace("\"threshold\": -1e9, \"threshold\": -1e9", "\"threshold\": -1e9");
        var live = live();
        TestContext ctx = ctx(live);
        Regulator r = create(new RedRegProvider(), json);
        r.onTrainStart(ctx);
        r.onEpochStart(ctx);
        boolean total = json.contains("total") || json.contains("reference-code");
        for (int t = 0; t < 20; t++) {
            perturb(live, random);
            TestStep s = step("audio", live, 0, t % 4);
            Map<String, INDArray> before = Gradients.copy(s.modality("audio").gradients());
            Map<String, INDArray> direction = total ? before : Gradients.copy(s.modality("audio").fusedLossGradients());
            r.regulate(s);
            assertThat(s.diagnostic("redreg.gate")).isEqualTo(1.0);
            Map<String, INDArray> change = Gradients.difference(s.modality("audio").gradients(), before);
            double along = Gradients.dot(change, direction);
            double scale = Math.sqrt(Gradients.squaredNorm(change) * Gradients.squaredNorm(direction));
            assertThat(scale).as("the suppression term is not zero").isGreaterThan(1e-6);
            assertThat(Math.abs(along) / scale).as("cosine of the change with g (Eq. 31)").isLessThan(1e-9);
            if (json.contains("per-tensor")) {
                for (String k : change.keySet()) {
                    assertThat(Math.abs(Gradients.dot(change.get(k), direction.get(k)))).isLessThan(1e-9);
                }
            }
        }
    }

    @Test
    void closedGateLeavesGradientsBitIdentical() throws Exception {
        for (String json : new String[] {"{\"threshold\": 1e9, \"warmupEpochs\": 0}",
                "{\"tauMin\": 2.0, \"tauMax\": 3.0, \"warmupEpochs\": 0, \"threshold\": -1e9}",
                "{\"threshold\": -1e9, \"tauMin\": -2.0, \"tauMax\": -1.0}"}) {
            var live = live();
            TestContext ctx = ctx(live);
            Regulator r = create(new RedRegProvider(), json);
            r.onTrainStart(ctx);
            r.onEpochStart(ctx);
            for (int t = 0; t < 6; t++) {
                perturb(live, random);
                TestStep s = step("audio", live, 0);
                var before = copyAll(s);
                r.regulate(s);
                assertThat(s.diagnostic("redreg.gate")).as(json).isEqualTo(0.0);
                assertUnchanged(s, before, MODS);
            }
        }
    }

    @Test
    void ogmWithZeroAlphaIsTheIdentity() throws Exception {
        Regulator r = create(new OgmGeProvider(), "{\"alpha\": 0.0, \"ge\": false}");
        var live = live();
        r.onTrainStart(ctx(live));
        TestStep s = step("audio", live, 0);
        var before = copyAll(s);
        r.regulate(s);
        assertUnchanged(s, before, MODS);
        Regulator on = create(new OgmGeProvider(), "{\"alpha\": 0.8, \"ge\": false}");
        on.onTrainStart(ctx(live));
        TestStep s2 = step("audio", live, 0);
        var before2 = copyAll(s2);
        on.regulate(s2);
        double k = s2.diagnostic("ogm.coef.audio");
        assertThat(k).isLessThan(1.0);
        s2.modality("audio").gradients().forEach((n, g) ->
                assertThat(g.sub(before2.get("audio").get(n).mul(k)).amaxNumber().doubleValue()).isLessThan(1e-12));
    }

    @Test
    void infoRegOutsideItsWindowIsTheIdentity() throws Exception {
        Regulator r = create(new InfoRegProvider(), "{\"traceWindow\": 1}");
        var live = live();
        TestContext ctx = ctx(live);
        r.onTrainStart(ctx);
        // epoch 0: large gradients; epoch 1: the trace drops, so k < 0.05 and the window closes.
        for (int e = 0; e < 2; e++) {
            ctx.setEpoch(e);
            r.onEpochStart(ctx);
            for (int t = 0; t < 4; t++) {
                perturb(live, random);
                TestStep s = step("audio", live, e);
                double scale = e == 0 ? 1.0 : 0.1;
                MODS.forEach(m -> s.modality(m).gradients().values().forEach(g -> g.muli(scale)));
                r.regulate(s);
            }
            r.onEpochEnd(ctx, Map.of());
        }
        assertThat(((InfoReg) r).windowOpen("audio")).isFalse();
        ctx.setEpoch(2);
        r.onEpochStart(ctx);
        perturb(live, random);
        TestStep s = step("audio", live, 2);
        var before = copyAll(s);
        r.regulate(s);
        assertThat(s.diagnostic("inforeg.beta")).isZero();
        assertUnchanged(s, before, MODS);
    }

    @Test
    void theNonDominantModalityIsNeverTouched() throws Exception {
        String[][] regulators = {
            {"redreg", "{\"threshold\": -1e9, \"tauMin\": -2.0, \"tauMax\": -1.0, \"warmupEpochs\": 0}"},
            {"redreg", "{\"variant\": \"reference-code\", \"threshold\": -1e9, \"tauMin\": -2.0, \"tauMax\": -1.0}"},
            {"inforeg", "{}"}, {"ogm-ge", "{}"}, {"ogm-ge", "{\"ge\": false}"}};
        for (String[] spec : regulators) {
            for (String strong : MODS) {
                RegulatorProvider<?> p = switch (spec[0]) {
                    case "redreg" -> new RedRegProvider();
                    case "inforeg" -> new InfoRegProvider();
                    default -> new OgmGeProvider();
                };
                Regulator r = create(p, spec[1]);
                var live = live();
                TestContext ctx = ctx(live);
                r.onTrainStart(ctx);
                r.onEpochStart(ctx);
                String weak = strong.equals("audio") ? "visual" : "audio";
                boolean strongTouched = false;
                for (int t = 0; t < 4; t++) {
                    perturb(live, random);
                    TestStep s = step(strong, live, 0);
                    var before = copyAll(s);
                    r.regulate(s);
                    assertUnchanged(s, before, List.of(weak));
                    strongTouched |= !s.modality(strong).gradients().equals(before.get(strong));
                }
                assertThat(strongTouched).as(spec[0] + " " + spec[1] + " acts on " + strong).isTrue();
            }
        }
    }

    private static Map<String, Map<String, INDArray>> copyAll(TestStep s) {
        Map<String, Map<String, INDArray>> out = new LinkedHashMap<>();
        s.modalities().forEach(m -> out.put(m, Gradients.copy(s.modality(m).gradients())));
        return out;
    }

    private static void assertUnchanged(TestStep s, Map<String, Map<String, INDArray>> before, List<String> mods) {
        for (String m : mods) {
            s.modality(m).gradients().forEach((k, g) -> assertThat(g).as(m + "/" + k).isEqualTo(before.get(m).get(k)));
        }
    }
}
