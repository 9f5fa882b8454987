package redreg.bench.internal.table;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import redreg.bench.internal.Relaunch;
import redreg.bench.internal.cli.ExitCode;

/**
 * The local executor: runs a table's runs in this JVM one after another, or — with {@code parallel > 1} — N at once
 * as child processes, each with its own OMP_NUM_THREADS. Every run is claimed first ({@link Claim}): a run another
 * table holds is skipped. Children do not outlive this process: they are stopped when it exits, and each child
 * watches this process and stops itself if it was killed outright ({@link Relaunch#exitWithParent()}).
 */
public final class TableRunner {
    static final String LOG = "stdout.log";
    private final TablePlan plan;
    private final RunStore store;
    private final PrintStream out;
    private final Claim.Liveness liveness = Claim.liveness(new SlurmQueue());
    private final Set<Process> children = ConcurrentHashMap.newKeySet();

    /** A run that did not finish: why, and where its output is. */
    public record Failure(PlannedRun run, String reason, Path log) {
    }

    public TableRunner(TablePlan plan, RunStore store, PrintStream out) {
        this.plan = plan;
        this.store = store;
        this.out = out;
    }

    /** Unique runs without a result (a table can name the same config twice). */
    public List<PlannedRun> missing() {
        Map<String, PlannedRun> todo = new LinkedHashMap<>();
        for (PlannedRun r : plan.runs()) {
            if (!store.finished(r.hash())) {
                todo.putIfAbsent(r.hash(), r);
            }
        }
        return new ArrayList<>(todo.values());
    }

    /** Runs every run without a result; returns how many failed. */
    public int run(int parallel, int threadsPerRun) {
        return run(missing(), parallel, threadsPerRun).size();
    }

    /** Runs {@code todo} (skipping runs claimed by others); returns the failures. */
    public List<Failure> run(List<PlannedRun> todo, int parallel, int threadsPerRun) {
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        if (todo.isEmpty()) {
            return failures;
        }
        List<String> command = parallel > 1 ? Relaunch.command() : null;
        ProgressBar bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName("runs")
                .setInitialMax(todo.size()).setStyle(ProgressBarStyle.ASCII).continuousUpdate()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        Thread stopChildren = new Thread(() -> children.forEach(Process::destroy));
        Runtime.getRuntime().addShutdownHook(stopChildren);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, command == null ? 1 : parallel));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (PlannedRun r : todo) {
                futures.add(pool.submit(() -> claimAndRun(r, command, threadsPerRun, bar).ifPresent(failures::add)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            children.forEach(Process::destroy);
            Runtime.getRuntime().removeShutdownHook(stopChildren);
            if (bar != null) {
                bar.close();
            }
        }
        return failures;
    }

    private java.util.Optional<Failure> claimAndRun(PlannedRun r, List<String> command, int threads, ProgressBar bar) {
        Path dir = store.runDir(r.hash());
        Claim mine = Claim.ofThisProcess();
        Claim.Attempt attempt = Claim.acquire(dir, mine, liveness);
        if (!attempt.acquired()) {
            say("  skipped: " + label(r) + ": claimed by "
                    + (attempt.holder() == null ? "a claim being written" : attempt.holder().describe()));
            tick(bar, r, false);
            return java.util.Optional.empty();
        }
        if (attempt.takenOver() != null) {
            say("  took over the stale claim of " + attempt.takenOver().describe() + ": " + label(r));
        }
        try {
            if (TableState.current(store, r.hash())) {
                say("  skipped: " + label(r) + ": finished meanwhile by another table");
                tick(bar, r, false);
                return java.util.Optional.empty();
            }
            String problem = command == null ? inProcess(r, dir) : inChild(command, r, dir, threads);
            tick(bar, r, problem == null);
            if (problem != null) {
                say("  failed: " + label(r) + ": " + problem + " (log: " + dir.resolve(LOG) + ")");
                return java.util.Optional.of(new Failure(r, problem, dir.resolve(LOG)));
            }
            return java.util.Optional.empty();
        } finally {
            Claim.release(dir, mine);
        }
    }

    static String label(PlannedRun r) {
        return r.row() + " | " + r.column() + " | seed " + r.seed();
    }

    private synchronized void say(String line) {
        out.println(line);
    }

    /** One run less to do; {@code ran}: this table trained it. */
    private synchronized void tick(ProgressBar bar, PlannedRun r, boolean ran) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(r.row() + " " + r.column() + " seed " + r.seed());
        } else if (ran) {
            out.printf("  done: %s -> %s%n", label(r), store.runDir(r.hash()));
        }
    }

    /** Null when the run finished; else what went wrong (its stack trace is in the log). */
    private String inProcess(PlannedRun r, Path dir) {
        try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve(LOG)), true, StandardCharsets.UTF_8)) {
            try {
                r.experiment().runIn(dir, log);
                return null;
            } catch (RuntimeException e) {
                e.printStackTrace(log);
                return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        } catch (IOException e) {
            return "cannot write " + dir.resolve(LOG) + ": " + e.getMessage();
        }
    }

    /** The run as its own process: its resolved config is written next to its results and run from there. */
    private String inChild(List<String> command, PlannedRun r, Path dir, int threads) {
        Path config = writeConfig(r, dir);
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("run", config.toString(), "--run-dir", dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(LOG).toFile());
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        pb.environment().put(Relaunch.PARENT_PID, String.valueOf(ProcessHandle.current().pid()));
        try {
            Process p = pb.start();
            children.add(p);
            int code;
            try {
                code = p.waitFor();
            } finally {
                children.remove(p);
            }
            // exit 3 = the run finished but diverged: a result like any other (the report marks it)
            boolean finished = code == ExitCode.OK || code == ExitCode.DIVERGED;
            return finished && store.finished(r.hash()) ? null : "exit code " + code;
        } catch (IOException e) {
            return "cannot start " + cmd.get(0) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** {@code <run>/experiment.yaml}: the resolved config a child process or a Slurm task runs. */
    static Path writeConfig(PlannedRun r, Path dir) {
        Path config = dir.resolve("experiment.yaml");
        redreg.api.internal.engine.runfiles.RunFiles.writeAtomically(config,
                redreg.api.experiment.Configs.toYaml(r.experiment().resolvedConfig()));
        return config;
    }
}
