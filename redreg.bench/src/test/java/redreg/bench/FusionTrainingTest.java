package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redreg.api.ConfigException;
import redreg.api.EpochMetrics;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/** Every fusion, found by ServiceLoader, trains end to end with the joint regulator on the synthetic task. */
class FusionTrainingTest {
    private static final int CLASSES = 4;

    @TempDir
    Path dir;

    private static String yaml(String fusion, int modalities) {
        String text = modalities > 2 ? "    - {name: text, shape: [12], signal: 2.0}\n" : "";
        return """
                name: fusion-%s
                seed: 5
                task:
                  name: synthetic
                  classes: %d
                  trainSize: 256
                  testSize: 256
                  modalities:
                    - {name: audio, shape: [16], signal: 3.0}
                    - {name: visual, shape: [16], signal: 2.0}
                %s
                fusion: %s
                regulator: joint
                model:
                  encoder: {kind: mlp, width: 32, depth: 1, featureSize: 16}
                optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
                training: {epochs: 2, batchSize: 32, diagnostics: false}
                output: {progress: false}
                """.formatted(modalities, CLASSES, text.stripTrailing(), fusion);
    }

    private RunResult run(String fusion, int modalities) {
        Experiment e = Experiment.fromYaml(yaml(fusion, modalities), dir, "output.dir=" + dir.toAbsolutePath());
        return e.run(new PrintStream(OutputStream.nullOutputStream()));
    }

    @ParameterizedTest(name = "{0}, {1} modalities")
    @CsvSource(delimiter = ';', value = {
        "concat; 2", "sum; 2", "film; 2", "gated; 2",
        "{name: film, conditioner: visual, conditioned: text}; 3", "{name: gated, gate: text, hidden: 8}; 3"})
    void trainsWithoutNaNAndBeatsChance(String fusion, int modalities) {
        RunResult r = run(fusion, modalities);
        assertThat(r.epochs()).hasSize(2);
        for (EpochMetrics m : r.epochs()) {
            assertThat(m.trainLoss()).as("epoch " + m.epoch() + " loss").isFinite();
        }
        System.out.printf("fusion %s (%d modalities): accuracy %.3f, loss %.3f -> %.3f%n", fusion, modalities,
                r.accuracy(), r.epochs().get(0).trainLoss(), r.epochs().get(1).trainLoss());
        assertThat(r.accuracy()).as(fusion + " fused accuracy").isGreaterThan(2.0 / CLASSES);
    }

    @Test
    void unknownModalityInAFusionFailsWithOneLine() {
        assertThatThrownBy(() -> run("{name: gated, gate: speech}", 2)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("fusion.gate: unknown modality 'speech'; valid modalities: audio, visual")
                .hasMessageNotContaining("\n");
    }
}
