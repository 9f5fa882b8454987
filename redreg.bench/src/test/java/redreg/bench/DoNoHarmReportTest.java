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
 * The table report marks every multimodal row that ends more than 2 points below the best single-modality row (a
 * row whose runs report one modality's accuracy), and names that row.
 */
class DoNoHarmReportTest {
    @TempDir
    Path dir;

    @Test
    void marksRowsMoreThanTwoPointsBelowTheBestSingleModality() throws Exception {
        Files.writeString(dir.resolve("base.yaml"), """
                name: harm
                task:
                  name: synthetic
                  classes: 4
                  trainSize: 192
                  testSize: 256
                  modalities:
                    - {name: audio, shape: [8], signal: 0.0}
                    - {name: visual, shape: [8], signal: 3.0}
                model:
                  encoder: {kind: auto, width: 16, depth: 1, featureSize: 8}
                optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
                training: {epochs: 3, batchSize: 32, probeEvery: 1}
                output: {progress: false}
                """);
        Path spec = dir.resolve("table.yaml");
        Files.writeString(spec, """
                name: harm
                base: base.yaml
                seeds: [1]
                baseline: Visual only
                rows:
                  - {label: Visual only, set: {task.use: [visual]}}
                  - {label: Audio only, set: {task.use: [audio]}}
                  - {label: Joint, set: {regulator.name: joint}}
                  - {label: Barely trained, set: {regulator.name: joint, optimizer.lr: 1.0e-6}}
                output: %s
                """.formatted(dir.resolve("out")));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"table", spec.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString()).isZero();
        String md = Files.readString(dir.resolve("out").resolve("report.md"));
        assertThat(md).containsPattern("\\| Barely trained \\| [^|]* ▼ \\|");
        assertThat(md.lines().filter(l -> l.startsWith("| Visual only |") || l.startsWith("| Audio only |")))
                .as("single-modality rows are the reference, never marked").noneMatch(l -> l.contains("▼"));
        assertThat(md).containsPattern("▼: ends more than 2 points below the best single modality \\('Visual only', "
                + "\\d+\\.\\d\\d\\)\\.");
        assertThat(Files.readString(dir.resolve("out").resolve("report.html"))).contains(" ▼</td>");
    }
}
