package redreg.bench.internal.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redreg.bench.internal.table.TableCommand;
import redreg.bench.internal.table.TableOptions;

/**
 * {@code redreg table <spec.yaml> [--executor local|slurm] [--parallel N] [--wait] [--plan] [--shard i/n]
 * [--reuse-stale] [--force]}. Each field maps 1:1 onto {@link TableOptions}: a
 * new flag is one field here, one record component there.
 */
@Command(name = "table", header = "Run a comparison table and write its report.", footer = "",
        description = {"Run a comparison table: expand its spec (base experiment + rows x column groups x seeds)",
            "into runs, run what is missing, and write report.md, report.html and the plots into the table's",
            "output folder. Finished runs are kept (keyed by config hash): an interrupted table resumes."})
final class TableCmd extends CommandBase {

    @Parameters(index = "0", paramLabel = "<table.yaml>", description = "the table spec")
    Path table;

    @Option(names = "--force", description = "run every run again, finished or not")
    boolean force;

    @Option(names = "--parallel", paramLabel = "N",
            description = "runs at once, each in its own process (local executor; default: the spec's parallel)")
    Integer parallel;

    @Option(names = "--executor", paramLabel = "local|slurm",
            description = "where runs go: child processes here, or one Slurm array job (default: the spec's executor)")
    String executor;

    @Option(names = "--wait", description = "wait for runs running elsewhere (other tables, Slurm) before reporting")
    boolean await;

    @Option(names = "--plan", description = "print one runnable command per missing run; run nothing")
    boolean plan;

    @Option(names = "--shard", paramLabel = "i/n", description = "run only the i-th of n disjoint slices of the runs")
    String shard;

    @Option(names = "--reuse-stale", description = "keep results made by other code (changed plug-ins) instead of rerunning them")
    boolean reuseStale;

    TableCmd(Streams io) {
        super(io);
    }

    TableOptions options() {
        return new TableOptions(table, force, parallel == null ? null : Flags.atLeast(spec, "--parallel", parallel, 1),
                executor == null ? null : TableOptions.executor(executor), plan,
                shard == null ? null : TableOptions.shard(shard), await, reuseStale);
    }

    @Override
    public Integer call() {
        return TableCommand.run(options(), io.out(), io.err());
    }
}
