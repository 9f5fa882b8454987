package redreg.bench.internal.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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
final class TableCmd extends CommandBase {

    @Parameters(index = "0", paramLabel = "<table.yaml>", description = "the table spec")
    Path table;

    @Option(names = "--force", description = "run every run again, finished or not")
    boolean force;

    @Option(names = "--parallel", paramLabel = "N",
            description = "runs at once, each in its own process (default: the spec's parallel)")
    Integer parallel;

    TableCmd(Streams io) {
        super(io);
    }

    TableOptions options() {
        return new TableOptions(table, force, parallel == null ? null : Flags.atLeast(spec, "--parallel", parallel, 1));
    }

    @Override
    public Integer call() {
        TableCommand.run(options(), io.out());
        return ExitCode.OK;
    }
}
