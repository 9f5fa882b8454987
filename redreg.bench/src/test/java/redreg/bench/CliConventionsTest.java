package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.experiment.Configs;

/** The command line's conventions: help and version, typed flags, one-line errors, the documented exit codes. */
class CliConventionsTest {
    @TempDir
    Path dir;

    private final CliCapture cli = new CliCapture();

    private String err() {
        return cli.err();
    }

    private Path tiny() throws Exception {
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, TinyExperiments.TINY);
        return exp;
    }

    @Test
    void everyCommandHasItsHelp() {
        for (String command : new String[] {"run", "table", "list", "bench"}) {
            assertThat(cli.run(command, "--help")).as(command).isZero();
            assertThat(cli.out()).as(command).contains("Usage: redreg " + command + " ")
                    .contains("--help").contains("Exit codes:").contains("3   finished, but training diverged");
        }
        assertThat(cli.run("run", "--help")).isZero();
        assertThat(cli.out()).contains("--run-dir=DIR").contains("--dry-run, --print-config").contains("key.path=value");
        assertThat(cli.run("table", "-h")).isZero();
        assertThat(cli.out()).contains("--force").contains("--parallel=N").contains("--plan[=java]");
        // no line of a description breaks inside a parenthesis
        assertThat(cli.run("bench", "--help")).isZero();
        assertThat(cli.out()).contains("(OMP_NUM_THREADS 1 and 2, each in its own JVM)");
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("run ", "table ", "list ", "bench ").contains("2   user error");
        // no command at all: the usage on stderr, and the user-error code
        assertThat(cli.run()).isEqualTo(2);
        assertThat(err()).startsWith("Usage: redreg");
    }

    @Test
    void versionNamesTheProjectDl4jAndTheLoadedKernels() throws Exception {
        assertThat(cli.run("--version")).isZero();
        Properties built = new Properties();
        try (var in = Cli.class.getResourceAsStream("/redreg/bench/version.properties")) {
            built.load(in);
        }
        assertThat(built.getProperty("version")).matches("\\d+\\.\\d+\\.\\d+.*");
        // the DL4J version printed is the one of the ND4J jar actually on the class path
        String nd4jJar = Path.of(org.nd4j.linalg.factory.Nd4j.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).getFileName().toString();
        assertThat(nd4jJar).contains(built.getProperty("dl4j"));
        assertThat(cli.out().lines()).contains("redreg " + built.getProperty("version"),
                "DL4J/ND4J " + built.getProperty("dl4j"));
        assertThat(cli.out()).contains("kernels: " + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName())
                .contains("platform extension '" + System.getProperty("org.bytedeco.javacpp.platform.extension", "") + "'");
        assertThat(cli.run("run", "--version")).isZero();
        assertThat(cli.out()).startsWith("redreg " + built.getProperty("version"));
    }

    @Test
    void badFlagsGetOneLineAndExit2() throws Exception {
        String exp = tiny().toString();
        String[][] bad = {
            {"run", exp, "--frobnicate"},
            {"run", exp, "--run-dir"},
            {"run"},
            {"table", "t.yaml", "--parallel", "many"},
            {"table", "t.yaml", "--parallel"},
            {"table", "t.yaml", "--parallel", "0"},
            {"table", "t.yaml", "--forse"},
            {"table"},
            {"list", "--verbose"},
            {"list", "extra"},
            {"bench", "--steps", "x"},
            {"bench", "--steps", "0"},
            {"bench", "--warmup", "-1"},
            {"--frobnicate"},
        };
        for (String[] args : bad) {
            String what = String.join(" ", args);
            assertThat(cli.run(args)).as(what).isEqualTo(2);
            assertThat(err().lines()).as(what).hasSize(1);
            assertThat(err()).as(what).startsWith("redreg").doesNotContain("Exception").contains("--help");
            assertThat(cli.out()).as(what).isEmpty();
        }
        cli.run("table", "t.yaml", "--parallel", "many");
        assertThat(err()).startsWith("redreg table: Invalid value for option '--parallel': 'many' is not an int");
        cli.run("run", exp, "--frobnicate");
        assertThat(err()).startsWith("redreg run: Unknown option: '--frobnicate'");
        cli.run("table", "t.yaml", "--parallel", "0");
        assertThat(err()).startsWith("redreg table: --parallel: expected an integer >= 1, got 0");
        // a bad override value is the config's one line
        assertThat(cli.run("run", exp, "training.epochs=x")).isEqualTo(2);
        assertThat(err().trim()).isEqualTo("error: override 'training.epochs=x': training.epochs: expected an integer, got 'x'");
    }

    @Test
    void dryRunPrintsTheResolvedConfigAndWritesNothing() throws Exception {
        Path exp = tiny();
        Path runs = dir.resolve("runs");
        assertThat(cli.run("run", exp.toString(), "output.dir=" + runs, "regulator.name=ogm-ge", "--dry-run")).as(err()).isZero();
        String printed = cli.out();
        var expected = redreg.api.experiment.Experiment.load(exp, "output.dir=" + runs, "regulator.name=ogm-ge");
        assertThat(printed).contains("# run folder: " + expected.runDir());
        // the same tree (numbers compared as written: YAML reads 1.0e-4 back as another node type than it came from)
        assertThat(Configs.readYaml(write("printed.yaml", printed)).toString()).isEqualTo(expected.resolvedConfig().toString());
        assertThat(printed).contains("alpha:"); // the regulator's defaults are filled in
        assertThat(runs).doesNotExist();
        assertThat(cli.run("run", exp.toString(), "output.dir=" + runs, "--print-config")).isZero();
        assertThat(runs).doesNotExist();
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aDivergedRunExits3AndAFineOne0() throws Exception {
        Path exp = tiny();
        int code = cli.run("run", exp.toString(), "output.dir=" + dir.resolve("runs"), "training.epochs=2",
                "model.dtype=float", "optimizer.lr=1.0e30", "optimizer.momentum=0.9");
        assertThat(code).as(err()).isEqualTo(3);
        assertThat(cli.out()).contains("tiny: DIVERGED (non-finite loss at epoch 0");
        assertThat(cli.run("run", exp.toString(), "output.dir=" + dir.resolve("runs"))).as(err()).isZero();
    }
}
