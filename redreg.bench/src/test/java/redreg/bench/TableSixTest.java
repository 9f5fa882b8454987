package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Table VI spec (CMU-MOSI, three modalities, Transformer encoders) runs every row, PMR included, on the
 * MOSI-format fixture of redreg.tasks (one seed, two short epochs, a narrow Transformer).
 */
class TableSixTest {
    @TempDir
    Path dir;

    @Test
    void everyRowOfTableSixRunsOnMosiFixtureData() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path fixture = root.resolve("redreg.tasks/src/test/resources/fixtures/cmu-mosi/mosi_data.pkl");
        String spec = Files.readString(root.resolve("tables/cmu-mosi/table6.yaml"))
                .replace("base: ../../experiments/cmu-mosi.yaml", "base: " + root.resolve("experiments/cmu-mosi.yaml"))
                .replaceFirst("seeds: \\[.*]", "seeds: [1]")
                .replaceFirst("overrides: \\[", "overrides: [task.path=" + fixture
                        + ", training.epochs=2, training.batchSize=4, model.encoder.featureSize=8, model.encoder.width=8, model.encoder.heads=2, model.encoder.feedForward=8, ")
                + "output: " + dir.resolve("out") + "\n";
        assertThat(spec).contains("label: \"PMR\"").contains("task.path=");
        assertThat(Files.readString(root.resolve("experiments/cmu-mosi.yaml"))).contains("kind: transformer");
        Path s = dir.resolve("table6.yaml");
        Files.writeString(s, spec);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"table", s.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString() + out).isZero();
        String md = Files.readString(dir.resolve("out").resolve("report.md"));
        for (String row : new String[] {"Joint", "OGM", "PMR", "AGM", "InfoReg", "RedReg"}) {
            assertThat(md).as(row).contains("| " + row + " |");
        }
    }
}
