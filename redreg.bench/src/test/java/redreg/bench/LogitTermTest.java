package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.LossControl;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.internal.engine.loop.TrainingRun;
import redreg.api.internal.engine.model.Losses;
import redreg.api.internal.engine.model.MultimodalModel;
import redreg.api.nn.Param;

/**
 * A loss term on logits ({@link LossControl#addLogitTerm}) reaches the fused head, the modality heads and every
 * encoder with its exact gradient: T = Σ u ⊙ fused logits + Σ v ⊙ audio logits + ½·c·‖visual logits‖² on a batch-norm
 * conv encoder and an MLP, each entry checked against central finite differences of the loss in double precision.
 */
class LogitTermTest {
    private static final double C = 0.3;

    @TempDir
    Path dir;

    private TrainingRun run;

    @Test
    void aLogitTermBackPropagatesThroughHeadsFusionAndEncoders() {
        List<String> failures = new ArrayList<>();
        int[] checks = {0};
        Regulator probe = new Regulator() {
            INDArray u;
            INDArray v;
            boolean done;

            @Override
            public void shapeLoss(LossControl loss) {
                if (done) {
                    return;
                }
                u = Nd4j.rand(DataType.DOUBLE, loss.fusedLogits().shape()).subi(0.5);
                v = Nd4j.rand(DataType.DOUBLE, loss.fusedLogits().shape()).subi(0.5);
                INDArray lv = loss.modality("visual").logits();
                double value = loss.fusedLogits().mul(u).sumNumber().doubleValue()
                        + loss.modality("audio").logits().mul(v).sumNumber().doubleValue()
                        + 0.5 * C * lv.mul(lv).sumNumber().doubleValue();
                loss.addLogitTerm("probe", value, Map.of(LossControl.FUSED, u, "audio", v, "visual", lv.mul(C)));
            }

            @Override
            public void regulate(StepView step) {
                if (done) {
                    return;
                }
                done = true;
                MultimodalModel model = run.model();
                Map<String, INDArray> x = Map.of("audio", step.modality("audio").input(),
                        "visual", step.modality("visual").input());
                int[] y = step.labels();
                DoubleSupplier term = () -> term(model, x, u, v);
                // the term's own part of each encoder's gradient
                check(failures, "audio conv0_W", step.modality("audio").parameters().get("conv0_W"), new long[] {1, 0, 1, 2},
                        step.modality("audio").lossGradients("probe").get("conv0_W"), term);
                check(failures, "audio bn0_gamma", step.modality("audio").parameters().get("bn0_gamma"), new long[] {2},
                        step.modality("audio").lossGradients("probe").get("bn0_gamma"), term);
                check(failures, "visual z_W", step.modality("visual").parameters().get("z_W"), new long[] {3, 1},
                        step.modality("visual").lossGradients("probe").get("z_W"), term);
                // heads and fusion: their own cross-entropy (a detached head trains with weight 1) plus the term
                Param headA = model.head("audio").weight();
                INDArray headGrad = step.modality("audio").headGradients().get(headA.name());
                check(failures, "audio head W", headA.value(), null, headGrad,
                        () -> headCE(model, x, y, "audio") + term.getAsDouble());
                Param headV = model.head("visual").weight();
                check(failures, "visual head W", headV.value(), null,
                        step.modality("visual").headGradients().get(headV.name()),
                        () -> headCE(model, x, y, "visual") + term.getAsDouble());
                Param fw = model.fusion().parameters().get(0);
                check(failures, "fusion " + fw.name(), fw.value(), null, step.fusionGradients().get(fw.name()),
                        () -> fusedCE(model, x, y) + term.getAsDouble());
                assertThat(step.modality("audio").losses()).contains(LossControl.FUSED, "probe");
                assertThat(step.loss()).isCloseTo(fusedCE(model, x, y) + term.getAsDouble(),
                        org.assertj.core.api.Assertions.within(1e-9));
                checks[0]++;
            }
        };
        var spec = TinyExperiments.tiny(dir).runSpec(List.of());
        run = new TrainingRun(spec.withRegulators(List.of(probe)));
        run.run();
        assertThat(checks[0]).as("the probe ran").isEqualTo(1);
        assertThat(failures).isEmpty();
    }

    private static void check(List<String> failures, String what, INDArray w, long[] at, INDArray analytic,
                              DoubleSupplier f) {
        if (at == null) {
            // the largest entry: a ReLU feature that is zero on the whole batch leaves its columns at exactly 0
            long flat = org.nd4j.linalg.ops.transforms.Transforms.abs(analytic, true).argMax().getLong(0);
            at = org.nd4j.linalg.api.shape.Shape.ind2subC(analytic, flat);
        }
        double original = w.getDouble(at);
        w.putScalar(at, original + 1e-6);
        double plus = f.getAsDouble();
        w.putScalar(at, original - 1e-6);
        double minus = f.getAsDouble();
        w.putScalar(at, original);
        double numeric = (plus - minus) / 2e-6;
        double a = analytic.getDouble(at);
        if (Math.abs(numeric) < 1e-7 || Math.abs(a - numeric) > 1e-6 + 1e-5 * Math.abs(numeric)) {
            failures.add(what + ": backward " + a + ", finite differences " + numeric);
        }
    }

    private static List<INDArray> features(MultimodalModel model, Map<String, INDArray> x) {
        return List.of(model.encoder("audio").encode(x.get("audio"), true), model.encoder("visual").encode(x.get("visual"), true));
    }

    private static double term(MultimodalModel model, Map<String, INDArray> x, INDArray u, INDArray v) {
        List<INDArray> z = features(model, x);
        INDArray fused = model.fusion().forward(z, true);
        INDArray la = model.head("audio").forward(z.get(0));
        INDArray lv = model.head("visual").forward(z.get(1));
        return fused.mul(u).sumNumber().doubleValue() + la.mul(v).sumNumber().doubleValue()
                + 0.5 * C * lv.mul(lv).sumNumber().doubleValue();
    }

    private static double headCE(MultimodalModel model, Map<String, INDArray> x, int[] y, String m) {
        INDArray z = features(model, x).get(m.equals("audio") ? 0 : 1);
        return Losses.crossEntropy(Losses.softmax(model.head(m).forward(z)), y);
    }

    private static double fusedCE(MultimodalModel model, Map<String, INDArray> x, int[] y) {
        return Losses.crossEntropy(Losses.softmax(model.fusion().forward(features(model, x), true)), y);
    }
}
