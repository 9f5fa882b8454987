package redreg.bench.internal.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redreg.bench.internal.table.TableCommand;
import redreg.bench.internal.table.TableOptions;

/**
 * {@code redreg table <spec.yaml> [--executor local|slurm] [--parallel N] [--wait] [--plan[=java]] [--shard i/n]
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

    @Option(names = "--plan", arity = "0..1", paramLabel = "java", parameterConsumer = PlanForm.class,
            description = "print one runnable command per missing run (`./redreg run …`; --plan=java: the whole java"
                    + " command); run nothing")
    String plan;

    @Option(names = "--shard", paramLabel = "i/n", description = "run only the i-th of n disjoint slices of the runs")
    String shard;

    @Option(names = "--reuse-stale", description = "keep results made by other code (changed plug-ins) instead of rerunning them")
    boolean reuseStale;

    /**
     * {@code --plan} takes the next argument as its value unless it is a file or an option ({@code --plan=java},
     * {@code --plan java}), so that {@code table --plan spec.yaml} keeps the spec as the spec and
     * {@code --plan=bogus} is told the valid values.
     */
    static final class PlanForm implements picocli.CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(java.util.Stack<String> args, picocli.CommandLine.Model.ArgSpec argSpec,
                                      picocli.CommandLine.Model.CommandSpec commandSpec) {
            boolean value = !args.isEmpty() && !args.peek().startsWith("-")
                    && !java.nio.file.Files.exists(Path.of(args.peek()));
            argSpec.setValue(value ? args.pop() : "short");
        }
    }

    TableCmd(Streams io) {
        super(io);
    }

    TableOptions options() {
        return new TableOptions(table, force, parallel == null ? null : Flags.atLeast(spec, "--parallel", parallel, 1),
                executor == null ? null : TableOptions.executor(executor), TableOptions.plan(plan),
                shard == null ? null : TableOptions.shard(shard), await, reuseStale);
    }

    @Override
    public Integer call() {
        return TableCommand.run(options(), io.out(), io.err());
    }
}
