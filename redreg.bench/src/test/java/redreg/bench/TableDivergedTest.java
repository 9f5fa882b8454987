package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.bench.internal.table.PlannedRun;
import redreg.bench.internal.table.TablePlan;

/**
 * Issue 23: a row that diverges (its diagnostics hold ±Infinity, which XChart refuses) still gets the table its whole
 * report: tables first, then the figures with the non-finite points as gaps and the divergence marked.
 */
class TableDivergedTest {
    @TempDir
    Path dir;

    @Test
    void aRowThatDivergesOnPurposeStillGetsTheFullReport() throws Exception {
        Files.writeString(dir.resolve("base.yaml"), TinyExperiments.TINY);
        Path spec = dir.resolve("table.yaml");
        Files.writeString(spec, """
                name: d
                base: base.yaml
                overrides: [training.epochs=2]
                seeds: [1, 2]
                baseline: Joint
                output: %s
                rows:
                  - {label: Joint, set: {regulator.name: joint}}
                  - {label: Huge lr, set: {optimizer.lr: 1.0e20}}
                """.formatted(dir.resolve("out")));
        TableSpecs.Result r = TableSpecs.cli("table", spec.toString());
        // a diverged run finished (as the method may): the table's documented exit code is 0
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("report: ").doesNotContain("not drawn");

        TablePlan plan = TablePlan.load(spec);
        PlannedRun huge = plan.runs().stream().filter(p -> p.row().equals("Huge lr") && p.seed() == 1).findFirst()
                .orElseThrow();
        Path runDir = dir.resolve("out/runs").resolve(huge.hash());
        assertThat(Files.readString(runDir.resolve("result.json"))).contains("\"diverged\" : \"non-finite loss");
        assertThat(Files.readString(runDir.resolve("diagnostics.csv")))
                .as("the case XChart throws on: an infinite value in a plotted series").contains("Infinity");

        Path out = dir.resolve("out");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md.lines().filter(l -> l.startsWith("| Huge lr |")).findFirst().orElseThrow()).containsPattern("‡[12]");
        assertThat(md).contains("![plots/accuracy-all.png]").contains("plots/diag-huge-lr-");
        // per-seed values: on hover (a title per cell) and in a folded table, the diverged seed flagged
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<td>Huge lr</td>").contains("<details class=\"seeds\"><summary>Per-seed values")
                .containsPattern("<td title=\"seed 1: \\d+\\.\\d\\d( \\(diverged\\))?, seed 2: \\d+\\.\\d\\d")
                .contains("(diverged)").containsPattern("<tr><td>Huge lr</td><td>1</td>.*<td>yes</td></tr>");
        assertThat(Files.readAllLines(out.resolve("table.csv"))).hasSize(1 + 4);
        List<String> pngs;
        try (var files = Files.list(out.resolve("plots"))) {
            pngs = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(pngs).contains("accuracy-all.png").anyMatch(p -> p.startsWith("diag-huge-lr-"));
        for (String p : pngs) {
            BufferedImage img = ImageIO.read(out.resolve("plots").resolve(p).toFile());
            assertThat(img).as(p).isNotNull();
        }
    }
}
