package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.Batch;
import redreg.api.internal.engine.model.Encoder;
import redreg.api.internal.engine.model.MultimodalModel;
import redreg.api.StepView;
import redreg.api.internal.engine.loop.TrainingRun;

/**
 * The engine's step with the mmtm mid-fusion: the total gradient and the per-part gradients (which need the joint
 * staged pass: another head's loss reaches every encoder through the blocks) against central differences.
 */
class MidFusionStepTest {
    @TempDir
    Path dir;

    private TrainingRun run() {
        return OpenStepTest.engine(TinyExperiments.tiny(dir, "fusion.name=mmtm", "model.encoder.depth=2",
                "losses.unimodal=true", "losses.unimodalWeight=0.7"));
    }

    @Test
    void totalAndPerPartGradientsMatchFiniteDifferences() {
        TrainingRun run = run();
        assertThat(run.model().hasMidFusion()).isTrue();
        Batch b = OpenStepTest.batch(run);
        StepView view = run.forwardBackward(b.inputs(), b.labels());
        var audio = view.modality("audio");
        Map<String, INDArray> live = OpenStepTest.copy(audio.gradients());
        Map<String, INDArray> fused = audio.lossGradients("fused");
        Map<String, INDArray> own = audio.lossGradients("unimodal");
        Encoder enc = run.model().encoder("audio");
        for (String[] p : new String[][] {{"conv0_W", "1,0,1,2"}, {"conv1_W", "2,1,0,1"}, {"z_W", "1,2"}}) {
            long[] index = java.util.Arrays.stream(p[1].split(",")).mapToLong(Long::parseLong).toArray();
            INDArray w = enc.parameters().get(p[0]);
            check("total " + p[0], live.get(p[0]).getDouble(index), w, index, () -> loss(run, b, 1, 0.7, 0.7));
            check("fused " + p[0], fused.get(p[0]).getDouble(index), w, index, () -> loss(run, b, 1, 0, 0));
            check("own head " + p[0], own.get(p[0]).getDouble(index), w, index, () -> loss(run, b, 0, 0.7, 0));
            // asking for the parts leaves the live gradient as it was
            assertThat(enc.gradients().get(p[0])).isEqualTo(live.get(p[0]));
        }
    }

    private static void check(String what, double analytic, INDArray w, long[] index, DoubleSupplier loss) {
        double numeric = OpenStepTest.numeric(w, index, loss);
        assertThat(Math.abs(numeric)).as(what + " is not trivially zero").isGreaterThan(1e-7);
        assertThat(analytic).as(what).isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
    }

    /** wf·CE(fused) + wa·CE(audio head) + wv·CE(visual head), train mode, through the blocks. */
    private static double loss(TrainingRun run, Batch b, double wf, double wa, double wv) {
        MultimodalModel model = run.model();
        List<INDArray> z = model.encodeFeatures(b.inputs(), true);
        return wf * ce(model.fusion().forward(z, true), b.labels()) + wa * ce(model.head("audio").forward(z.get(0)),
                b.labels()) + wv * ce(model.head("visual").forward(z.get(1)), b.labels());
    }

    private static double ce(INDArray logits, int[] labels) {
        INDArray logp = Transforms.log(Transforms.softmax(logits, true), false);
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= logp.getDouble(i, labels[i]);
        }
        return sum / labels.length;
    }
}
