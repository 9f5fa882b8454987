package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: a table of regression runs shows the regression's metrics (MAE, per-head MAE, MSE, Corr, Gap), errors as
 * they are and not in percent, ranks on MAE with the lower one best, tests on MAE, and draws no accuracy curve.
 */
class RegressionTableTest {
    @TempDir
    Path dir;

    @Test
    void columnsFollowTheObjectiveAndTheLowerMaeIsBest() throws Exception {
        Files.writeString(dir.resolve("base.yaml"), RegressionTest.YAML);
        Path spec = dir.resolve("table.yaml");
        Files.writeString(spec, """
                name: r
                base: base.yaml
                overrides: [training.epochs=2, task.trainSize=128, task.testSize=64]
                seeds: [1, 2]
                baseline: Joint
                rows:
                  - {label: Joint, set: {regulator.name: joint}}
                  - {label: Slow, set: {regulator.name: joint, optimizer.lr: 0.0005}}
                output: %s
                """.formatted(dir.resolve("out")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"table", spec.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString()).isZero();
        Path outDir = dir.resolve("out");
        String md = Files.readString(outDir.resolve("report.md"));
        assertThat(md).contains("| Method | MAE | MAE audio | MAE visual | MSE | Corr | Gap | p |")
                .contains("paired t-test of MAE").doesNotContain("Accuracy");
        double joint = mae(md, "Joint");
        double slow = mae(md, "Slow");
        // a twentieth of the step in two epochs stays far from the target: the report's ranking must see that
        assertThat(joint).isLessThan(slow);
        assertThat(md).contains("| Joint | **" + String.format(java.util.Locale.ROOT, "%.3f", joint));
        String html = Files.readString(outDir.resolve("report.html"));
        assertThat(html).doesNotContain("accuracy-all.png");
        List<String> pngs;
        try (var files = Files.list(outDir.resolve("plots"))) {
            pngs = files.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(pngs).noneMatch(p -> p.startsWith("accuracy-")).noneMatch(p -> p.contains("-dgr"));
    }

    /** The row's MAE mean as the report prints it (three decimals, not percent). */
    private static double mae(String md, String row) {
        Matcher m = Pattern.compile("\\| " + row + " \\| (?:\\*\\*|<u>)?(\\d+\\.\\d{3}) ± \\d+\\.\\d{3}").matcher(md);
        assertThat(m.find()).as(row + " in\n" + md).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
