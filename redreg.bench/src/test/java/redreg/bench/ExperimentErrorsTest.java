package redreg.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.ConfigException;
import redreg.api.experiment.Experiment;

class ExperimentErrorsTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void unknownPluginNameListsTheAvailableOnes() throws IOException {
        Path f = write("exp.yaml", "regulator: redredreg\n");
        assertThatThrownBy(() -> Experiment.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ": regulator.name: unknown regulator 'redredreg'; available: ")
                .hasMessageContaining("joint")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unknownPluginKeyNamesTheFileThatSetIt() throws IOException {
        write("base.yaml", "task: {name: synthetic, clases: 3}\n");
        Path f = write("exp.yaml", "extends: base.yaml\nname: x\n");
        assertThatThrownBy(() -> Experiment.load(f))
                .hasMessageStartingWith(dir.resolve("base.yaml") + ": task.clases: unknown key; did you mean 'classes'?"
                        + " valid keys: classes, ");
    }

    @Test
    void wrongTypeFromAnOverrideNamesTheOverride() throws IOException {
        Path f = write("exp.yaml", "name: x\n");
        assertThatThrownBy(() -> Experiment.load(f, "training.epochs=many"))
                .hasMessage("override 'training.epochs=many': training.epochs: expected an integer, got 'many'");
    }

    @Test
    void encoderOverrideForAnUnknownModalityListsTheTasksModalities() throws IOException {
        Path f = write("exp.yaml", "model: {encoders: {video: {width: 4}}}\n");
        Experiment e = Experiment.load(f);
        assertThatThrownBy(() -> e.encoderSpecs(e.createTask()))
                .hasMessage(f + ": model.encoders.video: unknown modality; this task's modalities: audio, visual");
    }
}
