package redreg.bench.internal.table;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code redreg table <spec.yaml> [--force] [--parallel N]}: expand, run what is missing, write the report. */
public final class TableCommand {
    private TableCommand() {
    }

    public static void main(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            throw new redreg.api.ConfigException("redreg table: expected a table spec, e.g. redreg table tables/av-digits/table1.yaml");
        }
        boolean force = args.contains("--force");
        int at = args.indexOf("--parallel");
        TablePlan plan = TablePlan.load(Path.of(args.get(0)));
        int parallel = at >= 0 ? Integer.parseInt(args.get(at + 1)) : plan.spec().parallel();
        Path dir = plan.outputDir();
        RunStore store = new RunStore(dir.resolve("runs"));
        if (force) {
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
