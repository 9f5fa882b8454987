package redreg.bench.internal.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import redreg.bench.internal.table.TableCommand;
import redreg.bench.internal.table.TableOptions;

/**
 * {@code redreg table <spec.yaml> [--force] [--parallel N]}. Each field maps 1:1 onto {@link TableOptions}: a
 * new flag is one field here, one record component there.
 */
@Command(name = "table", header = "Run a comparison table and write its report.", footer = "",
        description = {"Run a comparison table: expand its spec (base experiment + rows x column groups x seeds)",
            "into runs, run what is missing, and write report.md, report.html and the plots into the table's",
            "output folder. Finished runs are kept (keyed by config hash): an interrupted table resumes."})
final class TableCmd implements Callable<Integer> {
    private final Streams io;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<table.yaml>", description = "the table spec")
    Path table;

    @Option(names = "--force", description = "run every run again, finished or not")
    boolean force;

    @Option(names = "--parallel", paramLabel = "N",
            description = "runs at once, each in its own process (default: the spec's parallel)")
    Integer parallel;

    TableCmd(Streams io) {
        this.io = io;
    }

    TableOptions options() {
        if (parallel != null && parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel: expected an integer >= 1, got " + parallel);
        }
        return new TableOptions(table, force, parallel);
    }

    @Override
    public Integer call() {
        TableCommand.run(options(), io.out());
        return ExitCode.OK;
    }
}
