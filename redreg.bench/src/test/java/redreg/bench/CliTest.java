package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void runWritesTheRunFolder() throws Exception {
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, TinyExperiments.TINY);
        int code = cli("run", exp.toString(), "output.dir=" + dir.resolve("runs"), "training.epochs=2");
        assertThat(code).as(err.toString()).isZero();
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
        assertThat(out.toString()).contains("tiny: accuracy ");
        try (var s = Files.list(run)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void badInputGivesOneLineAndExitCode2() throws Exception {
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, "fusion: {name: concat, hidden: 3}\n");
        assertThat(cli("run", exp.toString())).isEqualTo(2);
        assertThat(err.toString().trim()).isEqualTo("error: " + exp + ": fusion.hidden: unknown key; valid keys: (none: it takes no options)");
        err.reset();
        assertThat(cli("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).startsWith("redreg: unknown command 'frobnicate'; valid commands:");
    }

    @Test
    void listShowsPluginsWithTheirKeys() {
        assertThat(cli("list")).isZero();
        assertThat(out.toString()).contains("joint").contains("concat").contains("synthetic").contains("trainSize");
    }
}
