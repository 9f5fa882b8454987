package redreg.bench.internal.table;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import redreg.bench.internal.Relaunch;
import redreg.bench.internal.cli.ExitCode;

/**
 * Runs the missing runs of a plan: in this JVM one after another, or — with {@code parallel > 1} and a relaunchable
 * command line — N at once as separate processes, each with its own OMP_NUM_THREADS. An overall progress bar with
 * ETA counts finished runs.
 */
public final class TableRunner {
    private final TablePlan plan;
    private final RunStore store;
    private final PrintStream out;

    public TableRunner(TablePlan plan, RunStore store, PrintStream out) {
        this.plan = plan;
        this.store = store;
        this.out = out;
    }

    /** Unique runs still to do (a table can name the same config twice). */
    public List<PlannedRun> missing() {
        Map<String, PlannedRun> todo = new LinkedHashMap<>();
        for (PlannedRun r : plan.runs()) {
            if (!store.finished(r.hash())) {
                todo.putIfAbsent(r.hash(), r);
            }
        }
        return new ArrayList<>(todo.values());
    }

    public int run(int parallel, int threadsPerRun) {
        List<PlannedRun> todo = missing();
        long unique = plan.runs().stream().map(PlannedRun::hash).distinct().count();
        out.printf("table %s: %d runs (%d unique), %d finished, %d to run%n", plan.spec().name(), plan.runs().size(),
                unique, unique - todo.size(), todo.size());
        if (todo.isEmpty()) {
            return 0;
        }
        List<String> command = parallel > 1 ? Relaunch.command() : null;
        ProgressBar bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName("runs")
                .setInitialMax(todo.size()).setStyle(ProgressBarStyle.ASCII).continuousUpdate()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        int failed = 0;
        try {
            if (command == null) {
                for (PlannedRun r : todo) {
                    failed += inProcess(r) ? 0 : 1;
                    tick(bar, r);
                }
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(parallel);
                List<Future<Boolean>> futures = new ArrayList<>();
                for (PlannedRun r : todo) {
                    futures.add(pool.submit(() -> {
                        boolean ok = inChild(command, r, threadsPerRun);
                        tick(bar, r);
                        return ok;
                    }));
                }
                for (Future<Boolean> f : futures) {
                    failed += f.get() ? 0 : 1;
                }
                pool.shutdown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        return failed;
    }

    private synchronized void tick(ProgressBar bar, PlannedRun r) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(r.row() + " " + r.column() + " seed " + r.seed());
        } else {
            out.printf("  done: %s | %s | seed %d -> %s%n", r.row(), r.column(), r.seed(), store.runDir(r.hash()));
        }
    }

    private boolean inProcess(PlannedRun r) {
        Path dir = store.runDir(r.hash());
        try (PrintStream log = new PrintStream(Files.newOutputStream(logFile(dir)), true, StandardCharsets.UTF_8)) {
            r.experiment().runIn(dir, log);
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            out.println("  failed: " + r.row() + " | " + r.column() + " | seed " + r.seed() + ": " + e.getMessage());
            return false;
        }
    }

    private static Path logFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        return dir.resolve("stdout.log");
    }

    /** The run as its own process: its resolved config is written next to its results and run from there. */
    private boolean inChild(List<String> command, PlannedRun r, int threads) throws IOException, InterruptedException {
        Path dir = store.runDir(r.hash());
        Files.createDirectories(dir);
        Path config = dir.resolve("experiment.yaml");
        Files.writeString(config, redreg.api.experiment.Configs.toYaml(r.experiment().resolvedConfig()));
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("run", config.toString(), "--run-dir", dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile(dir).toFile());
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        int code = pb.start().waitFor();
        // exit 3 = the run finished but diverged: a result like any other (the report marks it)
        boolean finished = code == ExitCode.OK || code == ExitCode.DIVERGED;
        if (!finished || !store.finished(r.hash())) {
            out.println("  failed: " + r.row() + " | " + r.column() + " | seed " + r.seed() + " (exit " + code
                    + ", see " + dir.resolve("stdout.log") + ")");
            return false;
        }
        return true;
    }

    static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
