package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.bench.internal.table.PlannedRun;
import redreg.bench.internal.table.TablePlan;

/** A failed run does not stop the table or its report; a unimodal baseline row sits in the same table. */
class TableFailuresTest {
    @TempDir
    Path dir;

    @Test
    void aFailedRunIsListedWithItsLogAndAnImageOnlyRowGetsItsNumbers() throws Exception {
        Files.writeString(dir.resolve("base.yaml"), """
                name: avd
                seed: 1
                task: {name: av-digits, trainSize: 64, testSize: 48}
                fusion: concat
                regulator: joint
                model: {encoder: {kind: mlp, width: 8, depth: 1, featureSize: 8}}
                optimizer: {kind: sgd, lr: 0.05, momentum: 0.0, weightDecay: 0.0, lrStepEpochs: 0}
                training: {epochs: 1, batchSize: 16, diagnostics: false}
                output: {progress: false}
                """);
        Path spec = dir.resolve("table.yaml");
        Files.writeString(spec, """
                name: f
                base: base.yaml
                seeds: [1, 2]
                baseline: Joint
                output: %s
                rows:
                  - {label: Joint, set: {regulator.name: joint}}
                  - {label: Image only, set: {task.modalities: [visual]}}
                  - {label: Broken, set: {optimizer.lr: 0.04}}
                """.formatted(dir.resolve("out")));
        TablePlan plan = TablePlan.load(spec);
        // the Broken row's first seed cannot write its result: a folder stands where result.json goes
        PlannedRun broken = plan.runs().stream().filter(r -> r.row().equals("Broken") && r.seed() == 1).findFirst()
                .orElseThrow();
        Path runDir = dir.resolve("out/runs").resolve(broken.hash());
        Files.createDirectories(runDir.resolve("result.json/blocked"));

        TableSpecs.Result r = TableSpecs.cli("table", spec.toString());
        assertThat(r.code()).as("runs failed: exit 1\n" + r.out() + r.err()).isEqualTo(1);
        Path log = runDir.resolve("stdout.log");
        assertThat(r.out()).contains("failed: Broken | - | seed 1: ").contains("(log: " + log + ")")
                .contains("1 run(s) failed; run the same command again to retry them")
                .contains("report: ");
        assertThat(Files.readString(log)).contains("result.json");

        String md = Files.readString(dir.resolve("out/report.md"));
        String imageOnly = md.lines().filter(l -> l.startsWith("| Image only |")).findFirst().orElseThrow();
        List<String> cells = List.of(imageOnly.split("\\|"));
        // | Image only | accuracy | audio | visual | macro-F1 | gap | p |
        assertThat(cells.get(2)).containsPattern("\\d+\\.\\d\\d ± ");
        assertThat(cells.get(3).strip()).as("no audio in an image-only row").isEqualTo("–");
        assertThat(cells.get(4)).containsPattern("\\d+\\.\\d\\d ± ");
        assertThat(cells.get(6).strip()).as("no gap with one modality").isEqualTo("–");
        assertThat(md).contains("| Broken |").contains("(1/2 seeds)")
                .contains("## Not in this report").contains("- Broken | - | seed 1: failed, log " + log);
        List<String> csv = Files.readAllLines(dir.resolve("out/table.csv"));
        assertThat(csv).hasSize(1 + 5);
        assertThat(csv.get(0)).contains("accuracy.audio").contains("accuracy.visual");
        assertThat(csv.stream().filter(l -> l.startsWith("Image only,")).findFirst().orElseThrow())
                .as("the image-only run has no audio accuracy").contains(",,");

        // fixed, the next call runs only the failed run and reports everything
        Files.delete(runDir.resolve("result.json/blocked"));
        Files.delete(runDir.resolve("result.json"));
        TableSpecs.Result again = TableSpecs.cli("table", spec.toString());
        assertThat(again.code()).as(again.out()).isZero();
        assertThat(again.out()).contains("5 finished, 1 failed, 1 to run").doesNotContain("not in the report");
        assertThat(Files.readAllLines(dir.resolve("out/table.csv"))).hasSize(1 + 6);
    }
}
