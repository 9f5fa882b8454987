package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Batch;
import redreg.api.ForwardPass;
import redreg.api.LossControl;
import redreg.api.PassSpec;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.experiment.Experiment;
import redreg.api.internal.engine.model.Encoder;
import redreg.api.internal.engine.loop.TrainingRun;

/** The open step: loss weights and terms, per-loss gradients, kept extra passes and their backward. */
class OpenStepTest {
    @TempDir
    Path dir;

    static TrainingRun engine(Experiment e, Regulator... regulators) {
        var spec = e.runSpec(List.of());
        return new TrainingRun(regulators.length == 0 ? spec : spec.withRegulators(List.of(regulators)));
    }

    static Batch batch(TrainingRun run) {
        int[] idx = new int[16];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i * 3 % run.task().train().size();
        }
        return run.task().train().batch(idx, true, new java.util.Random(0));
    }

    /** Weights 0.8 / 0.5 and a term on z_audio, set in shapeLoss. */
    private static final Regulator WEIGHTED = new Regulator() {
        @Override
        public void shapeLoss(LossControl loss) {
            loss.setFusedWeight(0.8);
            loss.setUnimodalWeight("visual", 0.5);
            INDArray z = loss.modality("audio").features();
            loss.addTerm("l2", 0.05 * z.mul(z).sumNumber().doubleValue() / loss.batchSize(),
                    Map.of("audio", z.mul(0.1 / loss.batchSize())));
        }

        @Override
        public void regulate(StepView step) {
        }
    };

    @Test
    void perLossGradientsSumToTheTotal() {
        TrainingRun run = engine(TinyExperiments.tiny(dir, "losses.unimodal=true"), WEIGHTED);
        Batch b = batch(run);
        StepView view = run.forwardBackward(b.inputs(), b.labels());
        assertThat(view.modality("audio").losses()).containsExactly("fused", "unimodal", "l2");
        assertThat(view.modality("visual").losses()).containsExactly("fused", "unimodal");
        assertThat(view.lossWeights().fused()).isEqualTo(0.8);
        assertThat(view.lossWeights().unimodal("visual")).isEqualTo(0.5);
        for (String m : view.modalities()) {
            var ms = view.modality(m);
            Map<String, INDArray> live = copy(ms.gradients());
            Map<String, INDArray> sum = new LinkedHashMap<>();
            for (String part : ms.losses()) {
                ms.lossGradients(part).forEach((k, v) -> sum.merge(k, v.dup(), INDArray::addi));
            }
            for (String k : live.keySet()) {
                assertThat(live.get(k).sub(sum.get(k)).amaxNumber().doubleValue()).as(m + "/" + k).isLessThan(1e-12);
                // asking for the parts leaves the live gradient as it was
                assertThat(ms.gradients().get(k)).isEqualTo(live.get(k));
            }
        }
    }

    @Test
    void weightedLossAndTermGradientsMatchFiniteDifferences() {
        TrainingRun run = engine(TinyExperiments.tiny(dir, "losses.unimodal=true"), WEIGHTED);
        Batch b = batch(run);
        run.forwardBackward(b.inputs(), b.labels());
        for (String[] p : new String[][] {{"audio", "conv0_W"}, {"audio", "z_W"}, {"visual", "fc0_W"}}) {
            Encoder enc = run.model().encoder(p[0]);
            long[] index = p[1].equals("conv0_W") ? new long[] {1, 0, 1, 2} : new long[] {1, 2};
            double analytic = enc.gradients().get(p[1]).getDouble(index);
            double numeric = numeric(enc.parameters().get(p[1]), index, () -> weightedLoss(run, b));
            assertThat(analytic).as(p[0] + "/" + p[1]).isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
        }
    }

    /** 0.8·CE(fused) + 1.0·CE(audio head) + 0.5·CE(visual head) + 0.05·Σz_audio²/B, in train mode. */
    private static double weightedLoss(TrainingRun run, Batch b) {
        var model = run.model();
        INDArray za = model.encoder("audio").encode(b.inputs().get("audio"), true);
        INDArray zv = model.encoder("visual").encode(b.inputs().get("visual"), true);
        double loss = 0.8 * ce(model.fusion().forward(List.of(za, zv), true), b.labels());
        loss += ce(model.head("audio").forward(za), b.labels()) + 0.5 * ce(model.head("visual").forward(zv), b.labels());
        return loss + 0.05 * za.mul(za).sumNumber().doubleValue() / b.labels().length;
    }

    @Test
    void keptMaskedPassBackwardMatchesFiniteDifferencesOfTheMaskedLoss() {
        for (boolean train : new boolean[] {false, true}) {
            TrainingRun run = engine(TinyExperiments.tiny(dir));
            // a few real steps first: non-trivial running statistics and no parameter left at a ReLU's kink
            new redreg.bench.internal.StepBench(run).timeSteps(0, 4);
            Batch b = batch(run);
            StepView view = run.forwardBackward(b.inputs(), b.labels());
            zeroAllGradients(run);
            PassSpec spec = (train ? PassSpec.train() : PassSpec.eval()).zero("visual").keep();
            ForwardPass pass = view.pass(spec);
            pass.backward(ceGradient(pass.fusedLogits(), b.labels()));
            Map<String, INDArray> masked = new LinkedHashMap<>(b.inputs());
            masked.put("visual", b.inputs().get("visual").ulike().assign(0));
            Object[][] probes = {{"audio", "conv0_W", new long[] {1, 0, 1, 2}}, {"audio", "bn0_gamma", new long[] {1}},
                {"audio", "bn0_beta", new long[] {2}}, {"audio", "z_W", new long[] {1, 2}},
                {"visual", "z_b", new long[] {0, largest(run.model().encoder("visual").gradients().get("z_b"))}}};
            for (Object[] p : probes) {
                Encoder enc = run.model().encoder((String) p[0]);
                long[] index = (long[]) p[2];
                double analytic = enc.gradients().get((String) p[1]).getDouble(index);
                double numeric = numeric(enc.parameters().get((String) p[1]), index,
                        () -> maskedLoss(run, masked, b.labels(), train));
                assertThat(analytic).as((train ? "train " : "eval ") + p[0] + "/" + p[1])
                        .isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
                if (p[0].equals("audio")) {
                    // (the zeroed visual MLP may be dead on a zero input: its entries can be 0 = 0)
                    assertThat(Math.abs(numeric)).as("a non-trivial entry " + p[1]).isGreaterThan(1e-8);
                }
            }
            // the fusion block's gradient is the masked loss's too
            var w = run.model().fusion().parameters().get(0);
            double numeric = numeric(w.value(), new long[] {0, 1}, () -> maskedLoss(run, masked, b.labels(), train));
            assertThat(w.gradient().getDouble(0, 1)).isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
        }
    }

    @Test
    void extraPassesNeverMoveBatchNormStatistics() {
        TrainingRun run = engine(TinyExperiments.tiny(dir));
        Batch b = batch(run);
        StepView view = run.forwardBackward(b.inputs(), b.labels());
        Encoder audio = run.model().encoder("audio");
        Map<String, INDArray> state = copy(audio.stateParameters());
        Map<String, INDArray> stateUpdate = copy(audio.stateGradients());
        assertThat(stateUpdate.values().stream().mapToDouble(a -> a.amaxNumber().doubleValue()).max().orElse(0))
                .as("the step itself does move them").isGreaterThan(0);
        for (PassSpec spec : new PassSpec[] {PassSpec.eval().keep(), PassSpec.train().zero("visual").keep()}) {
            ForwardPass pass = view.pass(spec);
            pass.backward(ceGradient(pass.fusedLogits(), b.labels()));
        }
        audio.stateParameters().forEach((k, v) -> assertThat(v).as(k).isEqualTo(state.get(k)));
        audio.stateGradients().forEach((k, v) -> assertThat(v).as(k).isEqualTo(stateUpdate.get(k)));
    }

    @Test
    void passesBeforeBackwardLeaveTheStepUnchanged() {
        Regulator passing = new Regulator() {
            @Override
            public void shapeLoss(LossControl loss) {
                loss.pass(PassSpec.train().zero("audio"));
                loss.pass(PassSpec.eval().zero("visual").keep());
            }

            @Override
            public void regulate(StepView step) {
            }
        };
        TrainingRun plain = engine(TinyExperiments.tiny(dir));
        TrainingRun withPasses = engine(TinyExperiments.tiny(dir), passing);
        Batch b = batch(plain);
        plain.forwardBackward(b.inputs(), b.labels());
        withPasses.forwardBackward(b.inputs(), b.labels());
        for (String m : List.of("audio", "visual")) {
            plain.model().encoder(m).gradients().forEach((k, v) ->
                    assertThat(withPasses.model().encoder(m).gradients().get(k)).as(m + "/" + k).isEqualTo(v));
        }
    }

    @Test
    void phaseRulesAreEnforced() {
        LossControl[] kept = new LossControl[1];
        Regulator keeping = new Regulator() {
            @Override
            public void shapeLoss(LossControl loss) {
                kept[0] = loss;
            }

            @Override
            public void regulate(StepView step) {
            }
        };
        TrainingRun run = engine(TinyExperiments.tiny(dir), keeping);
        Batch b = batch(run);
        StepView view = run.forwardBackward(b.inputs(), b.labels());
        // the loss phase's view, kept past its hook, cannot change a loss already back-propagated
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kept[0].setFusedWeight(0.5))
                .hasMessageContaining("only possible in shapeLoss()");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> view.pass(PassSpec.eval()).backward(
                Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 16, 3))).hasMessageContaining("not kept");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> view.modality("audio").lossGradients("nope"))
                .hasMessageContaining("no loss part 'nope'");
    }

    // ---- helpers

    /** Column of the largest |entry| of a [1, n] or [n] array: an entry surely away from a ReLU's kink. */
    private static long largest(INDArray a) {
        return Nd4j.argMax(org.nd4j.linalg.ops.transforms.Transforms.abs(a.reshape(a.length()), true), 0).getLong(0);
    }

    static void zeroAllGradients(TrainingRun run) {
        for (String m : run.model().modalities()) {
            run.model().encoder(m).gradients().values().forEach(g -> g.assign(0));
        }
        run.model().fusion().parameters().forEach(p -> p.gradient().assign(0));
    }

    private static double maskedLoss(TrainingRun run, Map<String, INDArray> inputs, int[] labels, boolean train) {
        var model = run.model();
        List<INDArray> z = model.modalities().stream().map(m -> model.encoder(m).encode(inputs.get(m), train)).toList();
        return ce(model.fusion().forward(z, train), labels);
    }

    static double ce(INDArray logits, int[] labels) {
        INDArray p = softmax(logits);
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(p.getDouble(i, labels[i]));
        }
        return sum / labels.length;
    }

    static INDArray ceGradient(INDArray logits, int[] labels) {
        INDArray g = softmax(logits);
        for (int i = 0; i < labels.length; i++) {
            g.putScalar(i, labels[i], g.getDouble(i, labels[i]) - 1);
        }
        return g.divi(labels.length);
    }

    private static INDArray softmax(INDArray logits) {
        INDArray e = org.nd4j.linalg.ops.transforms.Transforms.exp(logits.subColumnVector(logits.max(true, 1)), true);
        return e.diviColumnVector(e.sum(true, 1));
    }

    static double numeric(INDArray w, long[] index, java.util.function.DoubleSupplier loss) {
        double original = w.getDouble(index);
        double h = 1e-6;
        w.putScalar(index, original + h);
        double plus = loss.getAsDouble();
        w.putScalar(index, original - h);
        double minus = loss.getAsDouble();
        w.putScalar(index, original);
        return (plus - minus) / (2 * h);
    }

    static Map<String, INDArray> copy(Map<String, INDArray> m) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
