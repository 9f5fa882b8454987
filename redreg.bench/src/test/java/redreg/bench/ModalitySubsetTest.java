package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/** Issue 15: a unimodal baseline on any task, and standardised inputs, both recorded in the run's config. */
class ModalitySubsetTest {
    @TempDir
    Path dir;

    @Test
    void aSyntheticSubsetTrainsOnExactlyTheSameSamples() {
        Experiment both = TinyExperiments.tiny(dir);
        Experiment visual = TinyExperiments.tiny(dir, "task.use=[visual]");
        Task all = both.createTask();
        Task one = visual.createTask();
        assertThat(one.modalities()).extracting(ModalitySpec::name).containsExactly("visual");
        int[] idx = {0, 5, 9};
        INDArray a = all.train().batch(idx, true, new Random(1)).inputs().get("visual");
        INDArray b = one.train().batch(idx, true, new Random(1)).inputs().get("visual");
        assertThat(b).isEqualTo(a);
        assertThat(one.train().batch(idx, true, new Random(1)).inputs()).containsOnlyKeys("visual");
        assertThat(visual.hash()).isNotEqualTo(both.hash());
    }

    @Test
    void aUnimodalBaselineRunsEndToEndAndStandardizeIsRecorded() {
        Experiment e = TinyExperiments.tiny(dir, "task.use=[audio]", "task.standardize=true");
        assertThat(e.resolvedConfig().at("/task/standardize").asBoolean()).isTrue();
        assertThat(e.resolvedConfig().at("/task/use/0").asText()).isEqualTo("audio");
        RunResult r = e.run(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(r.finalMetrics()).containsKey("accuracy.audio").doesNotContainKey("accuracy.visual");
        assertThat(r.runDir().resolve("config.yaml")).content().contains("standardize: true");
    }

    @Test
    void aModalityMissingFromTheDataNamesTheOverrideThatAskedForIt() throws Exception {
        Path data = Path.of("..", "redreg.tasks", "src", "test", "resources", "fixtures", "npy-folder").toAbsolutePath();
        Path exp = dir.resolve("npy.yaml");
        java.nio.file.Files.writeString(exp, "name: npy\ntask: {name: npy-folder, path: " + data + "}\n");
        Experiment e = Experiment.load(exp, "task.modalities=[tabular, video]");
        org.assertj.core.api.Assertions.assertThatThrownBy(e::createTask)
                .isInstanceOf(redreg.api.ConfigException.class)
                .hasMessage("override 'task.modalities=[tabular, video]': task.modalities: unknown modality 'video';"
                        + " valid: spectrogram, tokens, tabular");
        Task one = Experiment.load(exp, "task.modalities=[tabular]", "task.standardize=true").createTask();
        assertThat(one.modalities()).extracting(ModalitySpec::name).containsExactly("tabular");
    }
}
