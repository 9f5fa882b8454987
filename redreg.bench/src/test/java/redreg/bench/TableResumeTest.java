package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.bench.internal.Relaunch;
import redreg.bench.internal.table.TablePlan;

/**
 * Issue 20: a table whose run was killed mid-run continues that run from its checkpoint, not from epoch 0, and the
 * run's files equal those of an uninterrupted table's run ({@link SameRun}) — whether the table process itself died
 * (its runs in the same process, {@code parallel: 1}) or only the child process of a run ({@code --parallel 2}).
 * The kills are {@code -Dredreg.test.dieAt} halts (see {@link KilledRunTest}); a table passes its JVM options on to
 * its children, the point included.
 */
class TableResumeTest {
    @TempDir
    Path dir;

    private Path spec(String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("base.yaml"), TinyExperiments.TINY);
        return Files.writeString(d.resolve("table.yaml"), """
                name: t
                base: base.yaml
                overrides: [training.epochs=4, training.checkpointEvery=1, "regulator={name: inforeg, traceWindow: 1}"]
                seeds: [1]
                baseline: InfoReg
                output: %s
                rows:
                  - {label: InfoReg, set: {}}
                """.formatted(d.resolve("out")));
    }

    private static Path runDir(Path spec) {
        TablePlan plan = TablePlan.load(spec);
        return spec.resolveSibling("out").resolve("runs").resolve(plan.runs().get(0).hash());
    }

    /** {@code redreg table <spec> <args>} in a JVM of its own that halts at {@code point}; returns its exit code. */
    private int tableDyingAt(Path spec, String point, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(Relaunch.command());
        cmd.add(1, "-Dredreg.test.dieAt=" + point);
        cmd.addAll(List.of("table", spec.toString()));
        cmd.addAll(List.of(args));
        Path log = spec.resolveSibling("table.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return TableSpecs.await(p, log);
    }

    private Path uninterrupted() throws Exception {
        Path spec = spec("reference");
        TableSpecs.Result r = TableSpecs.cli("table", spec.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return runDir(spec);
    }

    private static void assertResumedAndSame(Path spec, int epoch, Path expected) throws Exception {
        Path run = runDir(spec);
        assertThat(run.resolve("result.json")).doesNotExist();
        assertThat(run.resolve("checkpoint.npz")).exists();
        TableSpecs.Result again = TableSpecs.cli("table", spec.toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(Files.readString(run.resolve("run.log"))).contains("resuming after epoch " + epoch + " from")
                .doesNotContain("starting over");
        SameRun.assertSameRun(run, expected);
    }

    @Test
    void aTableKilledInsideARunContinuesItFromItsCheckpoint() throws Exception {
        Path spec = spec("killed");
        assertThat(tableDyingAt(spec, "epoch 2 step 2")).as("the table process halted").isEqualTo(137);
        assertResumedAndSame(spec, 1, uninterrupted());
    }

    @Test
    void aTableWhoseChildRunWasKilledContinuesItFromItsCheckpoint() throws Exception {
        Path spec = spec("child");
        int code = tableDyingAt(spec, "checkpoint writing 2", "--parallel", "2");
        String out = Files.readString(spec.resolveSibling("table.log"));
        assertThat(out).as(out).contains("failed: ").contains("exit code 137");
        assertThat(code).as(out).isNotZero();
        assertResumedAndSame(spec, 1, uninterrupted());
    }
}
