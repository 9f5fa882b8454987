package redreg.example.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.experiment.Experiment;
import redreg.api.config.PluginSpec;

class BalanceStudyTest {
    @TempDir
    Path dir;

    @Test
    void recordsAndYamlDescribeTheSameExperiment() {
        Experiment yaml = BalanceStudy.baseline(dir, 2);
        Experiment records = Experiment.of(BalanceStudy.fromRecords(dir, 2, "study-joint", PluginSpec.of("joint")));
        assertThat(records.resolvedConfig()).isEqualTo(yaml.resolvedConfig());
        assertThat(records.hash()).isEqualTo(yaml.hash());
        assertThat(records.runDir()).isEqualTo(yaml.runDir());
        // Anything that changes the numbers changes the hash (and the run folder).
        assertThat(yaml.with("optimizer.lr=0.01").hash()).isNotEqualTo(yaml.hash());
    }

    @Test
    void theStudyRunsAndReadsBackMetricsAndDiagnostics() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<BalanceStudy.Row> rows = BalanceStudy.run(dir, 2, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(rows).extracting(BalanceStudy.Row::label)
                .containsExactly("joint", "ogm-ge alpha 0.5", "redreg (paper, no warm-up)");
        assertThat(rows).extracting(r -> r.result().runDir().getFileName().toString())
                .allMatch(n -> n.matches("study-(joint|ogm-ge|redreg)-[0-9a-f]{12}")).doesNotHaveDuplicates();
        for (BalanceStudy.Row r : rows) {
            assertThat(r.result().epochs()).hasSize(2);
            assertThat(r.result().accuracy()).isBetween(0.25, 1.0);
            assertThat(r.result().modalityAccuracy("visual")).isBetween(0.0, 1.0);
            assertThat(r.result().runDir().resolve("metrics.csv")).exists();
            assertThat(r.result().runDir().resolve("result.json")).content().contains(r.result().configHash());
            Diagnostics d = Diagnostics.read(r.result().diagnosticsCsv());
            assertThat(d.rows()).isEqualTo(2 * 256 / 32);
            assertThat(d.column("epoch")).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
            assertThat(r.meanGradNorm().values()).allMatch(v -> v > 0 && Double.isFinite(v));
        }
        // Each regulator's own diagnostics columns, and none for joint.
        assertThat(rows.get(0).regulatorColumns()).isEmpty();
        assertThat(rows.get(1).regulatorColumns()).contains("ogm.coef.audio", "ogm.coef.visual");
        assertThat(rows.get(2).regulatorColumns()).contains("redreg.gate", "redreg.beta", "redreg.sim");

        // Audio (signal 4) dominates: its encoder gets the larger gradient under joint training, and OGM-GE's
        // coefficient (< 1 for whichever modality leads at a step) mostly lands on audio. (Its norm after
        // regulation is not smaller for that: Gaussian enhancement adds noise of the gradient's own scale.)
        assertThat(rows.get(0).gradNormRatio()).isGreaterThan(1.0);
        Diagnostics ogm = Diagnostics.read(rows.get(1).result().diagnosticsCsv());
        System.out.printf("OGM-GE mean coefficient: audio %.4f, visual %.4f%n%s", ogm.mean("ogm.coef.audio"),
                ogm.mean("ogm.coef.visual"), BalanceStudy.table(rows));
        assertThat(ogm.mean("ogm.coef.audio")).isLessThan(ogm.mean("ogm.coef.visual"));

        String table = BalanceStudy.table(rows);
        assertThat(table.lines()).hasSize(4);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("study-redreg: accuracy ");
        assertThat(Files.readString(rows.get(2).result().runDir().resolve("config.yaml")))
                .contains("warmupEpochs: 0").contains("tauMax: 0.2");
    }
}
