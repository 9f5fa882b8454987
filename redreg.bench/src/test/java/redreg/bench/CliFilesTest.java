package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output folders that cannot be written, and runs that fail before training: one line, exit 2, no litter. */
class CliFilesTest {
    @TempDir
    Path dir;

    private final CliCapture cli = new CliCapture();

    private Path tiny() throws Exception {
        return Files.writeString(dir.resolve("exp.yaml"), TinyExperiments.TINY);
    }

    @Test
    void anOutputFolderThatIsAFileGetsOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("runs"), "a file, not a folder");
        assertThat(cli.run("run", tiny().toString(), "output.dir=" + file)).isEqualTo(2);
        String runDir = redreg.api.experiment.Experiment.load(tiny(), "output.dir=" + file).runDir().toString();
        assertThat(cli.err().trim()).isEqualTo("error: cannot create run folder " + runDir + ": " + file
                + " is a file, not a folder");
        assertThat(file).hasContent("a file, not a folder");
    }

    @Test
    void aRunThatFailsLoadingItsDataLeavesNoRunFolder() throws Exception {
        Path exp = Files.writeString(dir.resolve("npy.yaml"), """
                name: npy
                task: {name: npy-folder, path: no-such-dataset}
                output: {dir: runs, progress: false}
                """);
        Path runs = dir.resolve("runs");
        assertThat(cli.run("run", exp.toString(), "output.dir=" + runs)).isEqualTo(2);
        assertThat(cli.err().trim()).startsWith("error: ").contains("dataset.yaml: file not found");
        assertThat(runs).as("nothing written for a run that never started").doesNotExist();
    }

    @Test
    void aPluginModuleThatDoesNotReadTheClassPathGetsTheReadsHint() {
        // the JVM's own wording when a plug-in module launched without REDREG_READS touches ND4J
        IllegalAccessError e = new IllegalAccessError("class org.example.myreg.internal.MyReg (in module org.example.myreg)"
                + " cannot access class org.nd4j.linalg.api.ndarray.INDArray (in unnamed module @0x3c1e23ff) because"
                + " module org.example.myreg does not read unnamed module @0x3c1e23ff");
        assertThat(redreg.bench.internal.cli.Commands.report(new RuntimeException("step failed", e),
                cli.errStream())).isEqualTo(2);
        assertThat(cli.err().lines()).hasSize(1);
        assertThat(cli.err()).contains("org.example.myreg does not read the class path")
                .contains("REDREG_READS=org.example.myreg");
    }

    @Test
    void aBugGetsItsStackTraceAndExit1() {
        assertThat(redreg.bench.internal.cli.Commands.report(new IllegalStateException("boom"),
                cli.errStream())).isEqualTo(1);
        assertThat(cli.err()).contains("internal error").contains("java.lang.IllegalStateException: boom")
                .contains("\tat ");
    }
}
