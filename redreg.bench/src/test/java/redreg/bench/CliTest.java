package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    private final CliCapture cli = new CliCapture();

    @Test
    void runWritesTheRunFolder() throws Exception {
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, TinyExperiments.TINY);
        int code = cli.run("run", exp.toString(), "output.dir=" + dir.resolve("runs"), "training.epochs=2");
        assertThat(code).as(cli.err()).isZero();
        Path run;
        try (var s = Files.list(dir.resolve("runs"))) {
            run = s.findFirst().orElseThrow();
        }
        assertThat(run.getFileName().toString()).matches("tiny-[0-9a-f]{12}");
        assertThat(run.resolve("config.yaml")).content().contains("name: tiny").contains("unimodalWeight: 1.0");
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(3)
                .first().asString().startsWith("epoch,trainLoss,lr,accuracy,macroF1,accuracy.audio,accuracy.visual");
        assertThat(Files.readAllLines(run.resolve("diagnostics.csv"))).hasSize(1 + 2 * 4);
        assertThat(run.resolve("result.json")).content().contains("\"accuracy.visual\"");
        assertThat(cli.out()).contains("tiny: accuracy ");
        try (var s = Files.list(run)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void badInputGivesOneLineAndExitCode2() throws Exception {
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, "fusion: {name: concat, hidden: 3}\n");
        assertThat(cli.run("run", exp.toString())).isEqualTo(2);
        assertThat(cli.err().trim()).isEqualTo("error: " + exp + ": fusion.hidden: unknown key; valid keys: (none: it takes no options)");
        assertThat(cli.run("frobnicate")).isEqualTo(2);
        assertThat(cli.err()).startsWith("redreg: unknown command 'frobnicate'; valid commands:");
    }

    @Test
    void listShowsPluginsWithTheirKeys() {
        assertThat(cli.run("list")).isZero();
        assertThat(cli.out()).contains("joint").contains("concat").contains("synthetic").contains("trainSize");
    }
}
