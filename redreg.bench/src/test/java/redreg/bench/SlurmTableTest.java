package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2-row × 2-seed table through the Slurm executor on a real slurmctld (CI starts a single-node cluster with
 * {@code .ci/slurm-up.sh}): its table.csv equals the local executor's. Skipped, saying why, where Slurm does not
 * answer; {@code REDREG_REQUIRE_SLURM=1} (set by {@code .ci/run}) turns the skip into a failure.
 */
class SlurmTableTest {
    @TempDir
    Path dir;

    @Test
    void aTableRunAsASlurmArrayJobEqualsTheLocalOne() throws Exception {
        requireSlurm();
        Path local = Files.createDirectories(dir.resolve("local"));
        Path slurm = Files.createDirectories(dir.resolve("slurm"));
        // no kind: the first call names the executor, later plain calls stay with Slurm
        String executor = "executor: {time: \"00:10:00\", cpusPerTask: 1, extra: [--nodes=1]}\n";
        Path localSpec = TableSpecs.write(local, 2, 2, 2, "");
        Path slurmSpec = TableSpecs.write(slurm, 2, 2, 2, executor);

        TableSpecs.Result l = TableSpecs.cli("table", localSpec.toString(), "--executor", "local");
        assertThat(l.code()).as(l.out() + l.err()).isZero();

        long start = System.nanoTime();
        TableSpecs.Result submitted = TableSpecs.cli("table", slurmSpec.toString(), "--executor", "slurm");
        assertThat(submitted.code()).as(submitted.out() + submitted.err()).isZero();
        assertThat(submitted.out()).containsPattern("submitted Slurm job \\d+: 4 run\\(s\\) as array tasks 0-3")
                .doesNotContain("report: ");
        String script = Files.readString(Files.list(slurm.resolve("out/slurm")).filter(p -> p.toString().endsWith(".sh"))
                .findFirst().orElseThrow());
        assertThat(script).contains("#SBATCH --array=0-3").contains("#SBATCH --time=00:10:00")
                .contains("#SBATCH --cpus-per-task=1").contains("#SBATCH --nodes=1");

        // a plain second call right away submits nothing more and runs nothing here: the runs are claimed by the
        // job's tasks (and the table, submitted to Slurm before, stays with Slurm)
        TableSpecs.Result again = TableSpecs.cli("table", slurmSpec.toString());
        assertThat(again.out()).as(again.out()).doesNotContain("submitted").contains("running elsewhere")
                .contains("Slurm job ");

        TableSpecs.Result collected = TableSpecs.cli("table", slurmSpec.toString(), "--wait");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "SlurmTableTest: 4 runs through sbatch --array in %.1f s wall time%n", seconds);
        assertThat(collected.code()).as(collected.out() + collected.err()).isZero();
        assertThat(collected.out()).contains("report: ").doesNotContain("not in the report");
        assertThat(Files.readString(slurm.resolve("out/table.csv")))
                .isEqualTo(Files.readString(local.resolve("out/table.csv")));
        assertThat(TableSpecs.cli("table", slurmSpec.toString()).out()).contains("4 finished, 0 to run");

        // a run lost later is resubmitted by a plain call (the table stays with Slurm), alone
        Path lost = Files.walk(slurm.resolve("out/runs")).filter(p -> p.endsWith("result.json")).findFirst().orElseThrow();
        Files.delete(lost);
        TableSpecs.Result resubmitted = TableSpecs.cli("table", slurmSpec.toString(), "--wait");
        assertThat(resubmitted.out()).contains("3 finished, 1 failed, 1 to run")
                .containsPattern("submitted Slurm job \\d+: 1 run\\(s\\)").doesNotContain("  done: ");
        assertThat(Files.readString(slurm.resolve("out/table.csv")))
                .isEqualTo(Files.readString(local.resolve("out/table.csv")));
    }

    /** Returns when Slurm answers; else skips the test, or fails it under {@code REDREG_REQUIRE_SLURM=1}. */
    static void requireSlurm() throws Exception {
        String problem = slurmProblem();
        if (problem == null) {
            return;
        }
        String reason = "Slurm end-to-end test skipped: " + problem
                + " (start a single-node cluster with .ci/slurm-up.sh DIR and set SLURM_CONF=DIR/slurm.conf)";
        System.err.println(reason);
        if ("1".equals(System.getenv("REDREG_REQUIRE_SLURM"))) {
            fail("REDREG_REQUIRE_SLURM=1 but " + reason);
        }
        Assumptions.abort(reason);
    }

    /** Null when sinfo answers and shows a node that can take jobs. */
    private static String slurmProblem() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("sinfo", "-h", "-o", "%T").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return "sinfo cannot be run (" + e.getMessage() + ")";
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "sinfo did not answer in 30 s";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            return "sinfo failed: " + out.lines().findFirst().orElse("");
        }
        if (out.lines().noneMatch(s -> s.startsWith("idle") || s.startsWith("mixed") || s.startsWith("allocated"))) {
            return "no Slurm node is up (sinfo: " + out.replace('\n', ' ') + ")";
        }
        return null;
    }
}
