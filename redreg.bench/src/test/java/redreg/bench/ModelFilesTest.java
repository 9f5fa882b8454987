package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;
import redreg.api.experiment.TrainedModel;

/** Model files: save → load → eval gives result.json's numbers; damaged files are one line; writes are atomic. */
class ModelFilesTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    @TempDir
    Path dir;

    private static Map<String, Double> resultMetrics(Path runDir) throws Exception {
        JsonNode json = new ObjectMapper().readTree(runDir.resolve("result.json").toFile());
        Map<String, Double> out = new LinkedHashMap<>();
        json.get("metrics").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
        return out;
    }

    @Test
    void aSavedModelEvaluatesToTheRunsNumbersExactly() throws Exception {
        RunResult r = TinyExperiments.tiny(dir, "training.epochs=2", "model.dtype=float", "training.validation=0.25",
                "output.saveModel=both", "training.select=best-val").run(QUIET);
        assertThat(r.runDir().resolve("model.npz")).exists();
        assertThat(r.runDir().resolve("model-best.npz")).exists();
        Map<String, Double> expected = resultMetrics(r.runDir());
        assertThat(expected).containsKeys("accuracy", "val.accuracy", "accuracy.audio");

        TrainedModel model = Experiment.load(r.runDir()).trained();
        assertThat(model.file().getFileName().toString()).isEqualTo("model-best.npz");
        assertThat(model.evaluate()).isEqualTo(expected);

        // the command line says the same
        CliCapture cli = new CliCapture();
        assertThat(cli.run("eval", r.runDir().toString())).isZero();
        for (var e : expected.entrySet()) {
            assertThat(cli.out()).contains(String.format(java.util.Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()));
        }
        // and the final model is that of the last epoch
        assertThat(Experiment.load(r.runDir()).trained("final").epoch()).isEqualTo(1);
    }

    @Test
    void aSubsetOfTheModalitiesIsEvaluatedWithTheOthersZeroed() throws Exception {
        RunResult r = TinyExperiments.tiny(dir, "training.epochs=2").run(QUIET);
        TrainedModel both = Experiment.load(r.runDir()).trained();
        TrainedModel audioOnly = Experiment.load(r.runDir(), List.of("task.modalities=[{name: audio, shape: [1, 8, 8], signal: 4.0}]"))
                .trained();
        Map<String, Double> m = audioOnly.evaluate();
        // the audio head sees exactly its own input either way
        assertThat(m.get("accuracy.audio")).isEqualTo(both.evaluate().get("accuracy.audio"));
        assertThat(audioOnly.modalities()).containsExactly("audio", "visual");
    }

    @Test
    void featuresComeInTheSplitsOrderWithItsLabels() throws Exception {
        RunResult r = TinyExperiments.tiny(dir, "training.epochs=1").run(QUIET);
        CliCapture cli = new CliCapture();
        assertThat(cli.run("features", r.runDir().toString(), "--split", "test")).isZero();
        Path f = r.runDir().resolve("features/test");
        INDArray audio = Nd4j.createFromNpyFile(f.resolve("audio.npy").toFile());
        INDArray visual = Nd4j.createFromNpyFile(f.resolve("visual.npy").toFile());
        INDArray fused = Nd4j.createFromNpyFile(f.resolve("fused.npy").toFile());
        INDArray labels = Nd4j.createFromNpyFile(f.resolve("labels.npy").toFile());
        assertThat(audio.shape()).containsExactly(48, 5);
        assertThat(visual.shape()).containsExactly(48, 5);
        assertThat(fused.shape()).containsExactly(48, 10); // concat: the head's input
        TrainedModel model = Experiment.load(r.runDir()).trained();
        int[] truth = model.task().test().labels();
        for (int i = 0; i < truth.length; i++) {
            assertThat(labels.getLong(i)).isEqualTo(truth[i]);
        }
        // row i is sample i: the model's own pass on sample 17 alone gives row 17
        var batch = model.task().test().batch(new int[] {17}, false, null);
        INDArray one = model.features(new redreg.api.InMemorySplit(batch.inputs(), batch.labels())).modalities().get("audio");
        assertThat(one.getRow(0).castTo(audio.dataType()).equalsWithEps(audio.getRow(17), 1e-6)).isTrue();
    }

    @Test
    void aDamagedOrTruncatedModelFileIsOneLineAndExitTwo() throws Exception {
        RunResult r = TinyExperiments.tiny(dir, "training.epochs=1").run(QUIET);
        Path model = r.runDir().resolve("model.npz");
        byte[] whole = Files.readAllBytes(model);
        CliCapture cli = new CliCapture();
        Files.write(model, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThat(cli.run("eval", r.runDir().toString())).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("error: damaged model file " + model).doesNotContain("\n");
        byte[] flipped = whole.clone();
        // a window, not one byte: a single flip can land in a local entry header, which the zip format's CRCs
        // do not cover (the central directory is what is read); 256 bytes always reach an entry's data
        for (int i = whole.length / 2 - 128; i < whole.length / 2 + 128; i++) {
            flipped[i] ^= 0x5A;
        }
        Files.write(model, flipped);
        assertThat(cli.run("eval", r.runDir().toString())).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("error: damaged model file").doesNotContain("\n");
        Files.delete(model);
        assertThat(cli.run("eval", r.runDir().toString())).isEqualTo(2);
        assertThat(cli.err()).contains("no model file");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("model.npz");
        Files.writeString(target, "old");
        Map<String, INDArray> failing = new LinkedHashMap<>() {
            @Override
            public java.util.Set<Map.Entry<String, INDArray>> entrySet() {
                throw new IllegalStateException("disk full (simulated)");
            }
        };
        var archive = new redreg.api.internal.engine.checkpoint.Archive(
                new ObjectMapper().createObjectNode(), failing, Map.of());
        assertThatThrownBy(() -> archive.write(target)).hasMessageContaining("simulated");
        assertThat(Files.readString(target)).isEqualTo("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.npz");
        }
    }
}
