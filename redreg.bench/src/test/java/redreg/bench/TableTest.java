package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.ConfigException;
import redreg.bench.internal.table.PlannedRun;
import redreg.bench.internal.table.RunStore;
import redreg.bench.internal.table.TablePlan;
import redreg.bench.internal.table.TableRunner;

class TableTest {
    @TempDir
    Path dir;

    private Path spec(String extra) throws Exception {
        Files.writeString(dir.resolve("base.yaml"), TinyExperiments.TINY);
        Path spec = dir.resolve("table.yaml");
        Files.writeString(spec, """
                name: t
                base: base.yaml
                overrides: [training.epochs=4, model.dtype=float, training.probeEvery=2]
                seeds: [1, 2]
                baseline: Joint
                rows:
                  - {label: Joint, set: {regulator.name: joint}}
                  - {label: RedReg, set: {regulator.name: redreg, regulator.warmupEpochs: 0}}
                output: %s
                """.formatted(dir.resolve("out")) + extra);
        return spec;
    }

    @Test
    void expandsRowsColumnsAndSeedsWithTheirOverrides() throws Exception {
        TablePlan plan = TablePlan.load(spec("""
                columns:
                  - {label: Concat, set: {fusion.name: concat}}
                  - {label: Sum, set: {fusion.name: sum}}
                """));
        assertThat(plan.runs()).hasSize(2 * 2 * 2);
        PlannedRun first = plan.runs().get(0);
        assertThat(first.row()).isEqualTo("Joint");
        assertThat(first.column()).isEqualTo("Concat");
        assertThat(first.seed()).isEqualTo(1);
        PlannedRun last = plan.runs().get(7);
        assertThat(last.row()).isEqualTo("RedReg");
        assertThat(last.column()).isEqualTo("Sum");
        assertThat(last.experiment().config().fusion().name()).isEqualTo("sum");
        assertThat(last.experiment().config().regulator().name()).isEqualTo("redreg");
        assertThat(last.experiment().regulatorConfig().toString()).contains("warmupEpochs=0");
        assertThat(last.experiment().config().seed()).isEqualTo(2);
        assertThat(last.experiment().config().training().epochs()).isEqualTo(4);
        assertThat(plan.runs().stream().map(PlannedRun::hash).distinct()).hasSize(8);
    }

    @Test
    void badSpecsFailWithOneLine() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: x\nbase: nowhere.yaml\nrows: [{label: A, set: {regulator.name: joint}}]\nsedes: [1]\n");
        assertThatThrownBy(() -> TablePlan.load(bad)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(bad + ": sedes: unknown key; did you mean 'seeds'? valid keys: name, base,"
                        + " overrides, seeds");
        Files.writeString(bad, "name: x\nbase: nowhere.yaml\nrows: [{label: A, set: {regulator.name: joint}}]\n");
        assertThatThrownBy(() -> TablePlan.load(bad)).hasMessageContaining("experiment file not found");
        Path s = spec("");
        Files.writeString(s, Files.readString(s).replace("regulator.name: redreg", "regulator.name: redrag"));
        assertThatThrownBy(() -> TablePlan.load(s)).hasMessageContaining("row 'RedReg'")
                .hasMessageContaining("unknown regulator 'redrag'").hasMessageNotContaining("\n");
    }

    @Test
    void resumesRunningOnlyWhatIsMissingAndNeverReadsAPartialResult() throws Exception {
        TablePlan plan = TablePlan.load(spec(""));
        RunStore store = new RunStore(dir.resolve("out/runs"));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        // one finished run, one killed midway (only a temporary file), one with a truncated result file
        PlannedRun done = plan.runs().get(0);
        done.experiment().runIn(store.runDir(done.hash()), quiet);
        Path killed = store.runDir(plan.runs().get(1).hash());
        Files.createDirectories(killed);
        Files.writeString(killed.resolve(".result.json12345.tmp"), "{\"metrics\": {\"accuracy\": 1.0}}");
        Path truncated = store.runDir(plan.runs().get(2).hash());
        Files.createDirectories(truncated);
        Files.writeString(truncated.resolve("result.json"), "{\"metrics\": {\"accur");
        TableRunner runner = new TableRunner(plan, store, quiet);
        assertThat(runner.missing()).extracting(PlannedRun::hash)
                .containsExactly(plan.runs().get(1).hash(), plan.runs().get(2).hash(), plan.runs().get(3).hash());
        long before = Files.getLastModifiedTime(store.runDir(done.hash()).resolve("result.json")).toMillis();
        assertThat(runner.run(1, 1)).isZero();
        assertThat(runner.missing()).isEmpty();
        assertThat(Files.getLastModifiedTime(store.runDir(done.hash()).resolve("result.json")).toMillis())
                .as("the finished run was not run again").isEqualTo(before);
    }

    @Test
    void twoRowsTwoSeedsEndToEndWritesMarkdownHtmlAndPngs() throws Exception {
        Path s = spec("");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"table", s.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString()).isZero();
        Path outDir = dir.resolve("out");
        String md = Files.readString(outDir.resolve("report.md"));
        assertThat(md).contains("| Method | Accuracy | Acc audio | Acc visual | Macro-F1 | Gap | p |");
        assertThat(md.lines().filter(l -> l.startsWith("| Joint |") || l.startsWith("| RedReg |"))).hasSize(2);
        assertThat(md).containsPattern("\\| \\*\\*\\d+\\.\\d\\d ± \\d+\\.\\d\\d\\*\\*");
        String html = Files.readString(outDir.resolve("report.html"));
        assertThat(html).contains("<table>").contains("<td>RedReg</td>").contains("src=\"plots/accuracy-all.png\"");
        List<String> pngs;
        try (var files = Files.list(outDir.resolve("plots"))) {
            pngs = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(pngs).contains("accuracy-all.png", "diag-joint-rlc.png", "diag-redreg-rlc.png", "diag-redreg-dgr.png");
        for (String p : pngs) {
            BufferedImage img = ImageIO.read(outDir.resolve("plots").resolve(p).toFile());
            assertThat(img).as(p).isNotNull();
            assertThat(img.getWidth()).isGreaterThan(300);
            assertThat(html).contains("plots/" + p);
        }
        assertThat(Files.readAllLines(outDir.resolve("table.csv"))).hasSize(1 + 4);
        // a second call finds everything finished
        out.reset();
        assertThat(Cli.run(new String[] {"table", s.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();
        assertThat(out.toString()).contains("4 runs (4 unique), 4 finished, 0 to run");
    }
}
