package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redreg.api.experiment.Experiment;
import redreg.bench.internal.Relaunch;

/**
 * Issue 20: {@code redreg run} in a JVM of its own, killed at several points of a run and run again with the same
 * command, ends with the files of an uninterrupted run (result.json, metrics.csv, diagnostics.csv, model.npz: see
 * {@link SameRun}). Most kills are {@code -Dredreg.test.dieAt=<point>} — the child halts itself there, which leaves
 * the files as a {@code kill -9} would (no shutdown hook, no flush) at an exact point; two are the test's own
 * SIGKILL ({@link Process#destroyForcibly}): one at a point where the child waits ({@code redreg.test.holdAt}),
 * inside a checkpoint's write, and one at whatever moment the first checkpoint is seen. The uninterrupted run of
 * each regulator is trained in this JVM (the same config is the same numbers in any JVM).
 */
class KilledRunTest {
    private static final Map<String, Path> REFERENCES = new ConcurrentHashMap<>();
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} killed at ''{1}''")
    @CsvSource({
            "joint,      epoch 2 step 2,         1",
            "joint,      checkpoint written 2,   2",
            "joint,      checkpoint writing 2,   1",
            "redreg,     epoch 1 step 3,         0",
            "inforeg,    checkpoint writing 1,   0",
            "greedy,     checkpoint written 1,   1",
            "relearning, epoch 2 step 1,         1"})
    void aRunKilledAndRunAgainEndsWithTheFilesOfAnUninterruptedRun(String regulator, String point, int resumedAfter)
            throws Exception {
        Path runDir = runDir(regulator);
        assertThat(redreg(regulator, runDir, "-Dredreg.test.dieAt=" + point).waitFor()).as("halted").isEqualTo(137);
        assertThat(runDir.resolve("result.json")).doesNotExist();
        if (point.startsWith("checkpoint writing")) {
            assertThat(strays(runDir)).as("the dead write's temporary file").isNotEmpty();
        }
        rerun(regulator, runDir, resumedAfter);
        SameRun.assertSameRun(runDir, reference(regulator));
    }

    @Test
    void aRealSigkillInsideTheCheckpointWrite() throws Exception {
        Path runDir = runDir("redreg");
        Process p = redreg("redreg", runDir, "-Dredreg.test.holdAt=checkpoint writing 2");
        awaitLine(p, log(runDir), "holding at checkpoint writing 2");
        p.destroyForcibly();
        assertThat(p.waitFor()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(strays(runDir)).isNotEmpty();
        rerun("redreg", runDir, 1);
        SameRun.assertSameRun(runDir, reference("redreg"));
    }

    @Test
    void aRealSigkillAtAnyMomentAfterTheFirstCheckpoint() throws Exception {
        Path runDir = runDir("joint");
        // the hold only keeps the child from finishing before the kill on a slow machine; the kill is at a moment
        Process p = redreg("joint", runDir, "-Dredreg.test.holdAt=epoch " + (ResumeTest.EPOCHS - 1) + " step 1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(runDir.resolve("checkpoint.npz")) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        p.destroyForcibly();
        assertThat(p.waitFor()).as("killed by SIGKILL; output:\n" + Files.readString(log(runDir)))
                .isEqualTo(137);
        rerun("joint", runDir, -1);
        SameRun.assertSameRun(runDir, reference("joint"));
    }

    private Path runDir(String regulator) {
        return dir.resolve(regulator + "-run");
    }

    /** The child's output, beside the run folder (a file inside it would look like a leftover of the run's own). */
    private static Path log(Path runDir) {
        return runDir.resolveSibling(runDir.getFileName() + ".log");
    }

    /** The regulator's run uninterrupted, trained once in this JVM. */
    private static Path reference(String regulator) {
        return REFERENCES.computeIfAbsent(regulator, r -> {
            Experiment e = TinyExperiments.tiny(shared.resolve(r), ResumeTest.config(r));
            Path runDir = shared.resolve(r).resolve("run");
            e.runIn(runDir, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            return runDir;
        });
    }

    /** {@code redreg run} of the regulator's tiny config into {@code runDir} in a child JVM with {@code options}. */
    private Process redreg(String regulator, Path runDir, String... options) throws IOException {
        Path yaml = dir.resolve("tiny.yaml");
        Files.writeString(yaml, TinyExperiments.TINY);
        Files.createDirectories(runDir);
        List<String> cmd = new ArrayList<>(Relaunch.command());
        cmd.addAll(1, List.of(options));
        cmd.addAll(List.of("run", yaml.toString(), "--run-dir", runDir.toString(), "output.dir=" + dir.resolve("out")));
        cmd.addAll(List.of(ResumeTest.config(regulator)));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(runDir).toFile()))
                .start();
    }

    /** Runs the same command again, to the end; it must resume after {@code epoch} (-1: after any epoch). */
    private void rerun(String regulator, Path runDir, int epoch) throws Exception {
        Process p = redreg(regulator, runDir);
        Path log = log(runDir);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the rerun did not finish in 180 s:\n" + Files.readString(log));
        }
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        String runLog = Files.readString(runDir.resolve("run.log"));
        assertThat(runLog).contains(epoch < 0 ? "resuming after epoch " : "resuming after epoch " + epoch + " from")
                .doesNotContain("starting over");
    }

    private static void awaitLine(Process p, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(20);
        }
        p.destroyForcibly();
        throw new AssertionError("the child never said '" + line + "'");
    }

    private static List<Path> strays(Path runDir) throws IOException {
        try (Stream<Path> files = Files.list(runDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
