package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ForwardPass;
import redreg.api.LossControl;
import redreg.api.PassSpec;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.internal.engine.model.MultimodalModel;
import redreg.api.internal.engine.loop.TrainingRun;

/**
 * A kept extra pass (AGM's modality-removed passes) back-propagates the Jacobian of <em>that</em> pass: checked
 * against finite differences of Σ u ⊙ logits(pass) through a batch-norm encoder.
 *
 * <p>Eval-mode passes run (they no longer fail on an outdated workspace) but are not exact yet: DL4J's batch-norm
 * backprop applies the training formula (batch-mean and variance terms) with the running statistics, so the
 * gradient below a batch-norm layer differs from the eval-mode Jacobian (measured 0.019 against 0.042 on conv0_W).
 * The eval case is kept, disabled, for the engine fix.
 */
class KeptPassGradientTest {
    @TempDir
    Path dir;

    @org.junit.jupiter.api.Test
    void keptTrainModePassBackwardIsThePassJacobian() {
        check(true);
    }

    @org.junit.jupiter.api.Test
    void keptEvalModePassBackwardIsThePassJacobian() {
        check(false);
    }

    private void check(boolean trainMode) {
        List<String> failures = new ArrayList<>();
        double[][] checked = new double[4][];
        Regulator probe = new Regulator() {
            ForwardPass pass;
            boolean done;

            @Override
            public void shapeLoss(LossControl loss) {
                pass = done ? null : loss.pass((trainMode ? PassSpec.train() : PassSpec.eval()).zero("visual").keep());
            }

            @Override
            public void regulate(StepView step) {
                if (pass == null) {
                    return;
                }
                done = true;
                INDArray u = Nd4j.rand(DataType.DOUBLE, pass.fusedLogits().shape()).subi(0.5);
                INDArray audio = step.modality("audio").input();
                INDArray visual = step.modality("visual").input().ulike().assign(0);
                String[][] entries = {{"conv0_W", "1,0,1,2"}, {"bn0_gamma", "2"}, {"bn0_beta", "1"}, {"z_W", "3,1"}};
                double[] numeric = new double[entries.length];
                for (int i = 0; i < entries.length; i++) {
                    INDArray w = step.modality("audio").parameters().get(entries[i][0]);
                    long[] at = java.util.Arrays.stream(entries[i][1].split(",")).mapToLong(Long::parseLong).toArray();
                    double original = w.getDouble(at);
                    w.putScalar(at, original + 1e-6);
                    double plus = logits(run, audio, visual, trainMode).mul(u).sumNumber().doubleValue();
                    w.putScalar(at, original - 1e-6);
                    double minus = logits(run, audio, visual, trainMode).mul(u).sumNumber().doubleValue();
                    w.putScalar(at, original);
                    numeric[i] = (plus - minus) / 2e-6;
                }
                Map<String, INDArray> g = step.modality("audio").gradients();
                double[] before = new double[entries.length];
                for (int i = 0; i < entries.length; i++) {
                    before[i] = g.get(entries[i][0]).getDouble(index(entries[i][1]));
                }
                pass.backward(u);
                for (int i = 0; i < entries.length; i++) {
                    double analytic = g.get(entries[i][0]).getDouble(index(entries[i][1])) - before[i];
                    checked[i] = new double[] {analytic, numeric[i]};
                    if (Math.abs(analytic - numeric[i]) > 1e-6 + 1e-5 * Math.abs(numeric[i])) {
                        failures.add(entries[i][0] + ": backward " + analytic + ", finite differences " + numeric[i]);
                    }
                }
            }
        };
        var spec = TinyExperiments.tiny(dir).runSpec(List.of());
        run = new TrainingRun(spec.withRegulators(List.of(probe)));
        run.run();
        assertThat(checked[0]).as("the probe ran").isNotNull();
        assertThat(Math.abs(checked[0][1])).as("a non-trivial entry").isGreaterThan(1e-7);
        assertThat(failures).as((trainMode ? "train" : "eval") + "-mode pass").isEmpty();
    }

    private TrainingRun run;

    private static long[] index(String s) {
        return java.util.Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private static INDArray logits(TrainingRun run, INDArray audio, INDArray visual, boolean trainMode) {
        MultimodalModel model = run.model();
        List<INDArray> z = List.of(model.encoder("audio").encode(audio, trainMode),
                model.encoder("visual").encode(visual, trainMode));
        return model.fusion().forward(z, trainMode).castTo(DataType.DOUBLE);
    }

}
