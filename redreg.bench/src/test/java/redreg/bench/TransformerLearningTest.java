package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/**
 * The Transformer encoder learns a real task: av-digits' text modality (the digit's word in one of eight languages,
 * with typos, as a [12, 26] one-hot sequence), alone, in a few short epochs; chance is 0.1.
 */
class TransformerLearningTest {
    @TempDir
    Path dir;

    @Test
    void aSmallTransformerLearnsTheDigitWords() {
        String yaml = """
                name: text
                seed: 7
                task: {name: av-digits, trainSize: 800, testSize: 300, modalities: [text]}
                fusion: concat
                regulator: joint
                model:
                  encoder: {kind: transformer, width: 16, depth: 1, heads: 2, feedForward: 32, dropout: 0.0,
                            positions: learned, pooling: mean, featureSize: 16}
                losses: {unimodal: false}
                optimizer: {kind: adam, lr: 0.003, weightDecay: 0.0, lrStepEpochs: 0}
                training: {epochs: 4, batchSize: 32, diagnostics: false}
                output: {progress: false}
                """;
        RunResult r = Experiment.fromYaml(yaml, dir, "output.dir=" + dir.resolve("out").toAbsolutePath())
                .run(new PrintStream(OutputStream.nullOutputStream()));
        System.out.printf("av-digits text, transformer: accuracy %.3f, train loss %.3f -> %.3f%n", r.accuracy(),
                r.epochs().get(0).trainLoss(), r.epochs().get(r.epochs().size() - 1).trainLoss());
        assertThat(r.epochs().get(r.epochs().size() - 1).trainLoss()).isLessThan(r.epochs().get(0).trainLoss());
        assertThat(r.accuracy()).as("test accuracy (chance 0.1)").isGreaterThan(0.5);
    }
}
