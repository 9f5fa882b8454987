package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --plan} (runnable commands, nothing run), {@code --shard i/n} (disjoint slices) and bad options. */
class TablePlanShardTest {
    @TempDir
    Path dir;

    private static List<String> done(String out) {
        return out.lines().filter(l -> l.startsWith("  done: ")).toList();
    }

    @Test
    void shardsAreDisjointAndCoverTheTable() throws Exception {
        Path spec = TableSpecs.write(dir, 2, 2, 1, "");
        TableSpecs.Result one = TableSpecs.cli("table", spec.toString(), "--shard", "1/2");
        assertThat(one.code()).as(one.out() + one.err()).isZero();
        assertThat(one.out()).contains("0 finished, 4 missing, 2 to run in shard 1/2");
        TableSpecs.Result two = TableSpecs.cli("table", spec.toString(), "--shard", "2/2");
        assertThat(two.out()).contains("2 finished, 2 missing, 2 to run in shard 2/2");
        List<String> all = new ArrayList<>(done(one.out()));
        all.addAll(done(two.out()));
        assertThat(all).hasSize(4).doesNotHaveDuplicates();
        assertThat(TableSpecs.cli("table", spec.toString()).out()).contains("4 finished, 0 to run");
    }

    @Test
    void planPrintsOneRunnableCommandPerMissingRunAndRunsNothing() throws Exception {
        Path spec = TableSpecs.write(dir, 1, 2, 1, "");
        TableSpecs.Result plan = TableSpecs.cli("table", spec.toString(), "--plan");
        assertThat(plan.code()).isZero();
        // the short form: the launcher, the run's experiment file and its folder
        assertThat(plan.out().lines().filter(l -> !l.startsWith("#"))).hasSize(2)
                .allSatisfy(c -> assertThat(c).matches("\\./redreg run \\S+/experiment\\.yaml --run-dir \\S+"));
        assertThat(plan.out()).startsWith("# table t: 2 runs (2 unique), 0 finished, 2 missing, 2 to run");
        TableSpecs.Result java = TableSpecs.cli("table", spec.toString(), "--plan=java");
        List<String> commands = java.out().lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(commands).hasSize(2).allSatisfy(c -> assertThat(c).contains(" -m redreg.bench/redreg.bench.Cli run ")
                .contains("experiment.yaml").contains(" --run-dir "));
        assertThat(Files.walk(dir.resolve("out")).filter(p -> p.endsWith("result.json"))).isEmpty();
        // the first command, run as printed by a shell, trains its run
        Path log = dir.resolve("run.log");
        Process p = new ProcessBuilder("bash", "-c", commands.get(0)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(TableSpecs.await(p, log)).as(Files.readString(log)).isZero();
        assertThat(TableSpecs.cli("table", spec.toString(), "--plan").out()).contains("1 finished, 1 missing, 1 to run");
    }

    @Test
    void badOptionsGetOneLineAndExitCode2() throws Exception {
        Path spec = TableSpecs.write(dir, 1, 1, 1, "");
        String[][] cases = {
            {"--shard", "3/2"}, {"--shard", "x"}, {"--parallel", "0"}, {"--executor", "pbs"}, {"--bogus"},
            {"--parallel"}, {"--force", "--reuse-stale"}, {"--plan=bogus"},
        };
        String[] expected = {
            "--shard: expected i/n with 1 <= i <= n", "--shard: expected i/n", "--parallel: expected an integer >= 1",
            "--executor: unknown value 'pbs'; valid values: local, slurm", "Unknown option: '--bogus'",
            "Missing required parameter for option '--parallel'", "choose one",
            "--plan: unknown value 'bogus'; valid values: java",
        };
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("table", spec.toString()));
            args.addAll(List.of(cases[i]));
            TableSpecs.Result r = TableSpecs.cli(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).contains(expected[i]).doesNotContain("\n");
        }
        Files.writeString(spec, Files.readString(spec) + "executor: {kind: pbs}\n");
        TableSpecs.Result r = TableSpecs.cli("table", spec.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("executor.kind: unknown value 'pbs'; valid values: local, slurm")
                .doesNotContain("\n");
    }
}
