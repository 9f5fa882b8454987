package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.BatchControl;
import redreg.api.LossControl;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.internal.engine.loop.TrainingRun;

/**
 * A step in phases ({@link BatchControl#setPhases}) with features dropped per phase ({@link BatchControl#dropFeatures}):
 * every phase is a whole step on the same batch (beforeStep, forward, backward, regulate, update), the fusion sees
 * zeros for a dropped modality, and that encoder gets no gradient through it.
 */
class PhasedStepTest {
    @TempDir
    Path dir;

    private TrainingRun run;

    @Test
    void eachPhaseIsAStepOfItsOwnAndADroppedModalityGetsNothingThroughTheFusion() {
        List<String> seen = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Regulator probe = new Regulator() {
            INDArray audioBefore;

            @Override
            public void beforeStep(BatchControl batch) {
                if (batch.phase() == 0) {
                    batch.setPhases(2);
                }
                seen.add(batch.globalStep() + ":" + batch.phase() + "/" + batch.phases());
                batch.dropFeatures(batch.phase() == 0 ? "visual" : "audio");
            }

            @Override
            public void shapeLoss(LossControl loss) {
                if (loss.phase() == 1 && audioBefore != null) {
                    INDArray now = loss.modality("audio").parameters().get("conv0_W");
                    if (now.equalsWithEps(audioBefore, 0)) {
                        failures.add("step " + loss.globalStep() + ": no update between the phases");
                    }
                }
            }

            @Override
            public void regulate(StepView step) {
                String off = step.phase() == 0 ? "visual" : "audio";
                String on = step.phase() == 0 ? "audio" : "visual";
                if (!step.droppedFeatures().equals(java.util.Set.of(off))) {
                    failures.add("dropped " + step.droppedFeatures());
                }
                if (!step.modality(off).losses().isEmpty()
                        || step.modality(off).gradients().values().stream().anyMatch(g -> g.amaxNumber().doubleValue() != 0)) {
                    failures.add("phase " + step.phase() + ": " + off + " got a gradient " + step.modality(off).losses());
                }
                if (!step.modality(on).losses().equals(List.of(LossControl.FUSED))) {
                    failures.add("phase " + step.phase() + ": " + on + " parts " + step.modality(on).losses());
                }
                // the fused logits are the fusion on (z_on, 0)
                var model = run.model();
                List<INDArray> z = new ArrayList<>();
                for (String m : step.modalities()) {
                    INDArray f = step.modality(m).features();
                    z.add(m.equals(off) ? f.ulike().assign(0) : f);
                }
                INDArray expected = model.fusion().forward(z, true);
                if (expected.sub(step.fusedLogits()).amaxNumber().doubleValue() > 1e-12) {
                    failures.add("phase " + step.phase() + ": fused logits are not the fusion on the kept features");
                }
                if (step.phase() == 0) {
                    audioBefore = step.modality("audio").parameters().get("conv0_W").dup();
                }
            }
        };
        var spec = TinyExperiments.tiny(dir).runSpec(List.of());
        run = new TrainingRun(spec.withRegulators(List.of(probe)));
        run.run();
        assertThat(seen).containsExactly("0:0/2", "0:1/2", "1:0/2", "1:1/2", "2:0/2", "2:1/2", "3:0/2", "3:1/2");
        assertThat(failures).isEmpty();
    }
}
