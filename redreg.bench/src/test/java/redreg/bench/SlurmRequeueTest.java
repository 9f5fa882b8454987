package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.bench.internal.Relaunch;
import redreg.bench.internal.table.TablePlan;

/**
 * Issue 20, the Slurm side of {@link TableResumeTest}: a table's Slurm task stopped inside its run after its second
 * checkpoint — requeued by {@code scontrol requeue} (what preemption with {@code PreemptMode=REQUEUE} does), or
 * killed by {@code scancel --signal=KILL} and then resubmitted by the table's next call — continues the run from
 * that checkpoint, and the run's files equal an uninterrupted run's ({@link SameRun}). The task holds at
 * {@code checkpoint written 2} ({@code -Dredreg.test.holdAt}, which the submitting table's JVM writes into the job
 * script), so the stop always falls inside epoch 3; the second attempt, resumed after epoch 2, never reaches that
 * point again — one that started over would hold there again, and the test says so. Needs the single-node Slurm of
 * {@code .ci/slurm-up.sh} (see {@link SlurmTableTest}).
 */
class SlurmRequeueTest {
    private static final String HOLD = "checkpoint written 2";
    private static final long WATCHDOG_S = 90;
    private static final Pattern JOB = Pattern.compile("submitted Slurm job (\\d+): 1 run");
    @TempDir
    Path dir;

    private Path spec(String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("base.yaml"), TinyExperiments.TINY);
        return Files.writeString(d.resolve("table.yaml"), """
                name: t
                base: base.yaml
                overrides: [training.epochs=4, training.checkpointEvery=1]
                seeds: [1]
                baseline: Joint
                output: %s
                executor: {time: "00:10:00", cpusPerTask: 1}
                rows:
                  - {label: Joint, set: {regulator.name: joint}}
                """.formatted(d.resolve("out")));
    }

    private static Path runDir(Path spec) {
        TablePlan plan = TablePlan.load(spec);
        return spec.resolveSibling("out").resolve("runs").resolve(plan.runs().get(0).hash());
    }

    @Test
    void aRequeuedTaskContinuesItsRunFromItsCheckpoint() throws Exception {
        SlurmTableTest.requireSlurm();
        Path spec = spec("requeued");
        String task = submitHolding(spec) + "_0";
        Path run = runDir(spec);
        assertThat(Files.readString(spec.resolveSibling("out/slurm").resolve(scriptName(spec))))
                .as("the job may be requeued whatever the site's JobRequeue").contains("#SBATCH --requeue");
        try {
            run("scontrol", "requeue", task);
            startNow(task);
            // the same job, its task back in the queue: the table waits for it and never resubmits
            TableSpecs.Result waited = waitCancellingAfter(run, () -> TableSpecs.cli("table", spec.toString(), "--wait"));
            assertThat(waited.code()).as(waited.out() + waited.err()).isZero();
            assertThat(waited.out()).doesNotContain("submitted").doesNotContain("failed").contains("report: ");
        } finally {
            cancel(task);
        }
        String log = Files.readString(run.resolve("stdout.log"));
        assertThat(log).as(log).contains("== Slurm job " + task + ", attempt 1 ").contains("== Slurm job " + task + ", attempt 2 ");
        assertThat(log.split("holding at ", -1)).as(log).hasSize(2);
        assertResumedAfterEpoch2(run);
        SameRun.assertSameRun(run, uninterrupted());
    }

    @Test
    void aKilledTaskIsResubmittedAndContinuesItsRunFromItsCheckpoint() throws Exception {
        SlurmTableTest.requireSlurm();
        Path spec = spec("killed");
        String job = submitHolding(spec);
        Path run = runDir(spec);
        run("scancel", "--signal=KILL", job);
        awaitGone(job);
        assertThat(run.resolve("result.json")).doesNotExist();
        TableSpecs.Result again;
        try {
            again = waitCancellingAfter(run, () -> TableSpecs.cli("table", spec.toString(), "--wait"));
        } finally {
            cancelAll(run);
        }
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("1 failed").containsPattern("submitted Slurm job \\d+: 1 run").contains("report: ");
        assertThat(Files.readString(run.resolve("stdout.log"))).contains("== Slurm job " + job + "_0, attempt 1 ")
                .containsPattern("== Slurm job (?!" + job + "_)\\d+_0, attempt 1 ");
        assertResumedAfterEpoch2(run);
        SameRun.assertSameRun(run, uninterrupted());
    }

    /**
     * Submits the table from a JVM of its own started with the hold point, so the job script carries it; returns
     * the job id once the task holds (its second checkpoint is on disk).
     */
    private String submitHolding(Path spec) throws Exception {
        List<String> cmd = new ArrayList<>(Relaunch.command());
        cmd.add(1, "-Dredreg.test.holdAt=" + HOLD);
        Path log = spec.resolveSibling("submit.log");
        Process p = TableSpecs.start(cmd, log, "table", spec.toString(), "--executor", "slurm");
        assertThat(TableSpecs.await(p, log)).as(Files.readString(log)).isZero();
        Matcher m = JOB.matcher(Files.readString(log));
        assertThat(m.find()).as(Files.readString(log)).isTrue();
        Path taskLog = runDir(spec).resolve("stdout.log");
        awaitText(taskLog, "holding at " + HOLD, m.group(1));
        assertThat(runDir(spec).resolve("checkpoint.npz")).exists();
        return m.group(1);
    }

    private static String scriptName(Path spec) throws Exception {
        try (var files = Files.list(spec.resolveSibling("out/slurm"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sh")).findFirst().orElseThrow();
        }
    }

    /** The task's second attempt resumed after epoch 2 (and did not hold again: it never wrote checkpoint 2). */
    private static void assertResumedAfterEpoch2(Path run) throws Exception {
        String runLog = Files.readString(run.resolve("run.log"));
        assertThat(runLog).as(runLog).contains("resuming after epoch 2 from").doesNotContain("starting over");
    }

    private Path uninterrupted() throws Exception {
        Path spec = spec("reference");
        TableSpecs.Result r = TableSpecs.cli("table", spec.toString(), "--executor", "local");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return runDir(spec);
    }

    private static void awaitText(Path file, String text, String job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        cancel(job);
        throw new AssertionError("the Slurm task never said '" + text + "'; its log:\n"
                + (Files.exists(file) ? Files.readString(file) : "(none)"));
    }

    private static void awaitGone(String job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (run("squeue", "-h", "-r", "-j", job).isBlank()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Slurm job " + job + " is still queued 60 s after scancel");
    }

    /**
     * Slurm holds a requeued job back (pending, reason BeginTime: about two minutes here) before it may start again;
     * the test lifts that wait once the task is pending — it is Slurm's delay, not the table's.
     */
    private static void startNow(String task) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String state = run("squeue", "-h", "-r", "-j", task, "-o", "%T").strip();
            if (state.equals("PENDING")) {
                new ProcessBuilder("scontrol", "update", "jobid=" + task, "StartTime=now").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            } else if (state.equals("RUNNING") || state.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("requeued Slurm task " + task + " did not start again in 60 s");
    }

    /**
     * {@code table --wait} with a watchdog: a task that started over instead of resuming holds at {@link #HOLD}
     * again, and the wait would last the job's time limit; cancelled after {@link #WATCHDOG_S}, the run fails.
     */
    private static TableSpecs.Result waitCancellingAfter(Path run, Callable<TableSpecs.Result> tableWait) throws Exception {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        watchdog.schedule(() -> {
            cancelAll(run);
            return null;
        }, WATCHDOG_S, TimeUnit.SECONDS);
        try {
            return tableWait.call();
        } finally {
            watchdog.shutdownNow();
        }
    }

    /** Every job that ran a task for this run folder (each attempt's header in stdout.log names it). */
    private static void cancelAll(Path run) throws Exception {
        Matcher attempt = Pattern.compile("== Slurm job (\\d+)_").matcher(Files.readString(run.resolve("stdout.log")));
        while (attempt.find()) {
            cancel(attempt.group(1));
        }
    }

    /** Cleans up after a failure: a task that still holds would hold for the job's whole time limit. */
    private static void cancel(String job) throws Exception {
        new ProcessBuilder("scancel", job).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor(30, TimeUnit.SECONDS);
    }

    /** Runs a Slurm command; its output, or an assertion error with it when it failed. */
    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            // squeue -j of a job that left the queue fails with "Invalid job id": gone
            if (cmd[0].equals("squeue") && out.contains("Invalid job id")) {
                return "";
            }
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
