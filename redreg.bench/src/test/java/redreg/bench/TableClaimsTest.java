package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.bench.internal.table.Claim;
import redreg.bench.internal.table.PlannedRun;
import redreg.bench.internal.table.RunStore;
import redreg.bench.internal.table.TablePlan;

/** Claims: two tables share the work of one spec, a killed table leaves nothing running, stale claims are taken over. */
class TableClaimsTest {
    @TempDir
    Path dir;

    private static List<String> done(String output) {
        return output.lines().filter(l -> l.startsWith("  done: ")).map(l -> l.substring(8, l.indexOf(" -> ")))
                .toList();
    }

    @Test
    void twoTablesOnOneSpecAtOnceTrainEveryRunExactlyOnce() throws Exception {
        Path spec = TableSpecs.write(dir, 2, 3, 6, "");
        Path logA = dir.resolve("a.log");
        Path logB = dir.resolve("b.log");
        Process a = TableSpecs.start(logA, "table", spec.toString(), "--wait");
        Process b = TableSpecs.start(logB, "table", spec.toString(), "--wait");
        int codeA = TableSpecs.await(a, logA);
        int codeB = TableSpecs.await(b, logB);
        String outA = Files.readString(logA);
        String outB = Files.readString(logB);
        assertThat(codeA).as(outA).isZero();
        assertThat(codeB).as(outB).isZero();
        List<String> all = new ArrayList<>(done(outA));
        all.addAll(done(outB));
        assertThat(all).as("runs trained, by either table:\n" + outA + "\n" + outB).hasSize(6).doesNotHaveDuplicates();
        assertThat(done(outA)).as("both tables worked (they ran at the same time):\n" + outA + "\n" + outB).isNotEmpty();
        assertThat(done(outB)).as(outB).isNotEmpty();
        assertThat(outA + outB).contains("skipped: ");
        // both waited for the other's runs and wrote the whole table
        assertThat(Files.readAllLines(dir.resolve("out/table.csv"))).hasSize(1 + 6);
        assertThat(outA).contains("report: ");
        assertThat(outB).contains("report: ");
    }

    @Test
    void aKilledTablesChildrenAreGoneAndItsClaimsTurnStale() throws Exception {
        Path spec = TableSpecs.write(dir, 1, 2, 3000, "parallel: 2\n");
        Path log = dir.resolve("table.log");
        Process table = TableSpecs.start(log, "table", spec.toString());
        List<ProcessHandle> children = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 120_000;
        while (children.size() < 2 && System.currentTimeMillis() < deadline && table.isAlive()) {
            Thread.sleep(200);
            children = table.descendants().toList();
        }
        assertThat(children).as(Files.readString(log)).hasSize(2);
        table.destroyForcibly(); // SIGKILL: no shutdown hook runs, the children must notice on their own
        table.waitFor();
        long until = System.currentTimeMillis() + 30_000;
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < until) {
            Thread.sleep(200);
        }
        List<ProcessHandle> alive = children.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroyForcibly); // never leave them behind, even when the test fails
        assertThat(alive).as("children still running after their table was killed").isEmpty();
        TablePlan plan = TablePlan.load(spec);
        RunStore store = new RunStore(dir.resolve("out/runs"));
        for (PlannedRun r : plan.runs()) {
            assertThat(Claim.read(store.runDir(r.hash()))).as("the killed table's claim is left behind")
                    .hasValueSatisfying(c -> assertThat(c.pid()).isEqualTo(table.pid()));
            assertThat(store.finished(r.hash())).isFalse();
        }
        // the next table sees the dead claims as failed-or-interrupted runs and would take them over
        TableSpecs.Result status = TableSpecs.cli("table", spec.toString(), "--plan");
        assertThat(status.out()).as(status.err()).contains("0 finished, 2 failed, 2 to run");
    }

    @Test
    void aStaleClaimIsTakenOverAndALiveOneIsRespected() throws Exception {
        Path spec = TableSpecs.write(dir, 1, 2, 1, "");
        TablePlan plan = TablePlan.load(spec);
        RunStore store = new RunStore(dir.resolve("out/runs"));
        Process gone = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        Claim self = Claim.ofThisProcess();
        Claim dead = new Claim(self.host(), gone.pid(), null, null, "2020-01-01T00:00:00Z");
        Path staleDir = store.runDir(plan.runs().get(0).hash());
        Path liveDir = store.runDir(plan.runs().get(1).hash());
        assertThat(Claim.acquire(staleDir, dead, (c, f) -> true).acquired()).isTrue();
        assertThat(Claim.acquire(liveDir, self, (c, f) -> true).acquired()).isTrue();

        TableSpecs.Result r = TableSpecs.cli("table", spec.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("0 finished, 1 running elsewhere, 1 failed, 1 to run")
                .contains("took over the stale claim of " + self.host() + " pid " + gone.pid())
                .doesNotContain("done: Joint | - | seed 2");
        assertThat(store.finished(plan.runs().get(0).hash())).isTrue();
        assertThat(Claim.read(staleDir)).as("released after the run").isEmpty();
        assertThat(store.finished(plan.runs().get(1).hash())).isFalse();
        String md = Files.readString(dir.resolve("out/report.md"));
        assertThat(md).contains("(1/2 seeds)").contains("## Not in this report")
                .contains("Joint | - | seed 2: running (" + self.host() + " pid " + self.pid());
        Claim.release(liveDir, self);
        Set<String> lines = Files.readAllLines(dir.resolve("out/table.csv")).stream().collect(Collectors.toSet());
        assertThat(lines).hasSize(1 + 1);
    }
}
