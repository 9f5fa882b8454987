package redreg.bench.internal.table;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import redreg.bench.TableSpec.ExecutorKind;
import redreg.bench.internal.Relaunch;
import redreg.bench.internal.table.TableState.Status;

/**
 * {@code redreg table <spec.yaml> [options]}: expand the spec, start what is missing (here, or as one Slurm array
 * job), and write the report for what has finished. Exit code 0, or 1 when runs failed (the report is still written
 * and lists them with their logs).
 */
public final class TableCommand {
    private static final long POLL_MS = 2000;
    /** squeue is asked once per scan: not more often than this, to spare a busy controller. */
    private static final long POLL_SLURM_MS = 5000;

    private TableCommand() {
    }

    /** Runs the table as {@code options} say; returns the exit code (0, or 1 when runs failed). */
    public static int run(TableOptions options, PrintStream out, PrintStream err) {
        TablePlan plan = TablePlan.load(options.spec());
        Path dir = plan.outputDir();
        ExecutorKind executor = executor(options, plan, dir);
        int parallel = options.parallel() != null ? options.parallel() : plan.spec().parallel();
        RunStore store = new RunStore(dir.resolve("runs"));
        long start = System.nanoTime();
        SlurmQueue queue = new SlurmQueue();
        TableState state = TableState.scan(plan, store, queue);
        if (options.force()) {
            // a run someone else is running stays theirs; every other result is moved aside
            state.cells().stream().filter(c -> c.status() != Status.RUNNING).forEach(c -> store.invalidate(c.run().hash()));
            state = TableState.scan(plan, store, queue);
        }
        List<PlannedRun> todo = state.todo(options.reuseStale(), options.shard());
        String header = String.format(Locale.ROOT, "table %s: %d runs (%d unique), %s, %d to run%s",
                plan.spec().name(), plan.runs().size(), state.cells().size(), state.counts(), todo.size(),
                options.shard() == null ? "" : " in shard " + options.shard().index() + "/" + options.shard().count());
        if (options.plan() != null) {
            out.println("# " + header);
            printPlan(todo, store, options.plan(), out);
            return 0;
        }
        out.println(header);
        describeStale(state, options.reuseStale(), out);
        if (queue.problem() != null) {
            out.println("  note: " + queue.problem() + "; runs claimed by Slurm jobs count as running");
        }
        if (!todo.isEmpty() && executor == ExecutorKind.SLURM) {
            try {
                new SlurmExecutor(plan, store, out).submit(todo, dir, queue);
            } catch (IllegalStateException e) {
                err.println("redreg table: " + e.getMessage());
                return 1;
            }
            if (!options.await()) {
                out.println("run `redreg table " + options.spec() + "` again to see progress and write the report"
                        + " (or add --wait)");
                return 0;
            }
        } else if (!todo.isEmpty()) {
            new TableRunner(plan, store, out).run(todo, parallel, plan.spec().threadsPerRun());
        }
        if (options.await()) {
            awaitRunning(plan, store, out);
        }
        return report(plan, store, TableState.scan(plan, store, new SlurmQueue()), options, out, start);
    }

    /**
     * The command line's executor, else the spec's, else Slurm for a table submitted to Slurm before (its
     * {@code slurm/} folder exists: a plain {@code redreg table spec.yaml} after {@code --executor slurm} must not
     * start the missing runs on the login node), else local.
     */
    private static ExecutorKind executor(TableOptions options, TablePlan plan, Path dir) {
        if (options.executor() != null) {
            return options.executor();
        }
        if (plan.spec().executor().kind() != null) {
            return plan.spec().executor().kind();
        }
        return java.nio.file.Files.isDirectory(dir.resolve(SlurmExecutor.FOLDER)) ? ExecutorKind.SLURM : ExecutorKind.LOCAL;
    }

    /**
     * One command per run, each runnable anywhere the project is: {@code ./redreg run <experiment.yaml> --run-dir
     * <dir>}, or with {@link TableOptions.Plan#JAVA} the java command the launcher would start (for a machine with
     * the jars but no checkout).
     */
    private static void printPlan(List<PlannedRun> todo, RunStore store, TableOptions.Plan form, PrintStream out) {
        List<String> command = form == TableOptions.Plan.JAVA
                ? Relaunch.command().stream().map(SlurmExecutor::quote).toList() : List.of(launcher());
        for (PlannedRun r : todo) {
            Path dir = store.runDir(r.hash());
            Path config = TableRunner.writeConfig(r, dir);
            out.println(String.join(" ", command) + " run " + SlurmExecutor.quote(config.toString()) + " --run-dir "
                    + SlurmExecutor.quote(dir.toString()));
        }
    }

    /**
     * The launcher that started this JVM ({@code redreg.launcher}, set by {@code ./redreg}), as {@code ./redreg} when
     * it sits in the working directory; {@code ./redreg} when the CLI was started otherwise (a test, an IDE).
     */
    static String launcher() {
        String property = System.getProperty("redreg.launcher");
        if (property == null || property.isBlank()) {
            return "./redreg";
        }
        Path launcher = Path.of(property).toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return launcher.getParent().equals(here) ? "./" + launcher.getFileName()
                : SlurmExecutor.quote(launcher.toString());
    }

    private static void describeStale(TableState state, boolean reuseStale, PrintStream out) {
        List<TableState.Cell> stale = state.with(Status.STALE);
        if (stale.isEmpty()) {
            return;
        }
        Set<String> modules = new LinkedHashSet<>();
        stale.forEach(c -> modules.addAll(c.changed()));
        out.printf("  %d stale run(s): their code changed since (%s); %s%n", stale.size(), String.join(", ", modules),
                reuseStale ? "reused as they are (--reuse-stale)" : "running them again (--reuse-stale keeps them)");
    }

    /** Polls the run folders until no run is claimed by a live holder (another table, a Slurm task). */
    private static void awaitRunning(TablePlan plan, RunStore store, PrintStream out) {
        String last = "";
        while (true) {
            SlurmQueue queue = new SlurmQueue();
            TableState s = TableState.scan(plan, store, queue);
            if (s.with(Status.RUNNING).isEmpty()) {
                return;
            }
            if (queue.problem() != null) {
                out.println("  not waiting: " + queue.problem());
                return;
            }
            String line = "  waiting: " + s.counts();
            if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            boolean slurm = s.with(Status.RUNNING).stream().anyMatch(c -> c.claim() != null && c.claim().job() != null);
            try {
                Thread.sleep(slurm ? POLL_SLURM_MS : POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int report(TablePlan plan, RunStore store, TableState state, TableOptions options, PrintStream out,
                              long start) {
        Predicate<String> usable = hash -> state.usable(hash, options.reuseStale());
        Report.Status status = Report.Status.of(state, options.reuseStale());
        int failed = state.with(Status.FAILED).size();
        if (plan.runs().stream().noneMatch(r -> usable.test(r.hash()))) {
            out.println("no finished runs yet: no report");
        } else {
            Path dir = plan.outputDir();
            Summary summary = Summary.of(plan, store, usable);
            // The tables first, the figures after: a figure that cannot be drawn never costs the report (issue 23).
            new Report(plan, summary, List.of(), status).write(dir, store, usable);
            List<String> problems = new ArrayList<>();
            List<String> plots = new Plots(plan, store, usable).write(dir, problems::add);
            Report report = new Report(plan, summary, plots, status);
            report.write(dir, store, usable);
            problems.forEach(p -> out.println("  " + p));
            out.println(report.markdown().lines().filter(l -> l.startsWith("|") || l.startsWith("#"))
                    .filter(l -> !l.startsWith("## Not in") && !l.startsWith("## Reused"))
                    .reduce((a, b) -> a + "\n" + b).orElse(""));
            out.printf(Locale.ROOT, "report: %s (%.1f s)%n", dir.resolve("report.html"),
                    (System.nanoTime() - start) / 1e9);
        }
        List<String> lines = new ArrayList<>(status.left());
        if (!lines.isEmpty()) {
            out.println("not in the report (" + lines.size() + "):");
            lines.forEach(l -> out.println("  " + l));
        }
        if (failed > 0) {
            out.println(failed + " run(s) failed; run the same command again to retry them");
        }
        return failed > 0 ? 1 : 0;
    }
}
