package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redreg.api.experiment.RunResult;

/** Every encoder kind builds, trains and evaluates (ResNet-18 at a tiny width and input). */
class EncoderKindsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = ';', value = {
        "cnn; [3, 12, 12]",
        "resnet18; [3, 16, 16]",
        "sequence; [6, 5]",
        "mlp; [2, 3, 4]",
        "auto; [7]"})
    void trainsOneEpoch(String kind, String shape) {
        RunResult r = TinyExperiments.tiny(dir, "task.modalities=[{name: audio, shape: " + shape + ", signal: 4.0},"
                + " {name: visual, shape: [6], signal: 1.5}]", "model.encoders={audio: {kind: " + kind + ", width: 4}}",
                "training.epochs=1", "model.dtype=float").run(new PrintStream(OutputStream.nullOutputStream()));
        assertThat(r.epochs().get(0).trainLoss()).isFinite();
        assertThat(r.finalMetrics()).containsKeys("accuracy", "accuracy.audio", "accuracy.visual", "macroF1");
    }
}
