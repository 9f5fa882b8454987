package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/**
 * A real training check: on the synthetic task, where audio (signal 4) dominates visual (signal 2), every
 * regulator must leave the weak modality's head more accurate than joint training does, averaged over 3 seeds.
 */
class RegulatorsTrainingTest {
    private static final String YAML = """
            name: balance
            task: {name: synthetic}
            fusion: concat
            model:
              encoder: {kind: auto, width: 64, depth: 1, featureSize: 32}
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
            training: {epochs: 6, batchSize: 64, diagnostics: false}
            output: {progress: false}
            """;

    @TempDir
    Path dir;

    @Test
    void everyRegulatorLiftsTheWeakModalityAboveJoint() {
        Map<String, double[]> mean = new LinkedHashMap<>();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (String regulator : new String[] {"joint", "ogm-ge", "inforeg", "redreg"}) {
            double[] sums = new double[3];
            for (int seed = 1; seed <= 3; seed++) {
                RunResult r = Experiment.fromYaml(YAML, dir, "regulator.name=" + regulator, "seed=" + seed,
                        "output.dir=" + dir).run(quiet);
                sums[0] += r.accuracy() / 3;
                sums[1] += r.modalityAccuracy("audio") / 3;
                sums[2] += r.modalityAccuracy("visual") / 3;
            }
            mean.put(regulator, sums);
            System.out.printf(Locale.ROOT, "synthetic, 3 seeds: %-8s fused %.4f  audio %.4f  visual %.4f%n",
                    regulator, sums[0], sums[1], sums[2]);
        }
        double joint = mean.get("joint")[2];
        for (String regulator : new String[] {"ogm-ge", "inforeg", "redreg"}) {
            assertThat(mean.get(regulator)[2]).as(regulator + " visual accuracy vs joint").isGreaterThan(joint + 0.005);
        }
    }
}
