package redreg.bench.internal.table;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code redreg table}: expand the spec, run what is missing, write the report (options: {@link TableOptions}). */
public final class TableCommand {
    private TableCommand() {
    }

    public static void run(TableOptions options, PrintStream out) {
        TablePlan plan = TablePlan.load(options.spec());
        int parallel = options.parallel() != null ? options.parallel() : plan.spec().parallel();
        Path dir = plan.outputDir();
        RunStore store = new RunStore(dir.resolve("runs"));
        if (options.force()) {
            plan.runs().forEach(r -> store.invalidate(r.hash()));
        }
        long start = System.nanoTime();
        int failed = new TableRunner(plan, store, out).run(parallel, plan.spec().threadsPerRun());
        if (failed > 0) {
            throw new IllegalStateException(failed + " run(s) failed; run the same command again to retry them");
        }
        Summary summary = Summary.of(plan, store);
        List<String> plots = new Plots(plan, store).write(dir);
        Report report = new Report(plan, summary, plots);
        report.write(dir, store);
        out.println(report.markdown().lines().filter(l -> l.startsWith("|") || l.startsWith("#"))
                .reduce((a, b) -> a + "\n" + b).orElse(""));
        out.printf(java.util.Locale.ROOT, "report: %s (%.1f s)%n", dir.resolve("report.html"),
                (System.nanoTime() - start) / 1e9);
    }
}
