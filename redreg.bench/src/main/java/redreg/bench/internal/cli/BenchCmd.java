package redreg.bench.internal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redreg.bench.internal.Bench;

/** {@code redreg bench [--steps N] [--warmup N] [key.path=value …]} and {@code redreg bench --table <spec>}. */
@Command(name = "bench", header = "Time the training step (or a whole table).", footer = "",
        description = {"Time the training step: framework vs DL4J's fit() on the identical graph (OMP_NUM_THREADS",
            "1 and 2, each in its own JVM), and every regulator; with --table, the wall time of a whole table."})
final class BenchCmd extends CommandBase {

    @Option(names = "--steps", paramLabel = "N", description = "timed steps per round (default: ${DEFAULT-VALUE})")
    int steps = 30;

    @Option(names = "--warmup", paramLabel = "N", description = "untimed warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup = 5;

    @Option(names = "--table", paramLabel = "<table.yaml>", description = "time this whole table, every run forced")
    Path table;

    /** The child JVM's mode: measure in this process, with its thread count. */
    @Option(names = "--single", hidden = true)
    boolean single;

    @Parameters(paramLabel = "key.path=value", description = "overrides of the bench model's config")
    List<String> overrides = new ArrayList<>();

    BenchCmd(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        Bench.run(new Bench.Options(Flags.atLeast(spec, "--steps", steps, 1), Flags.atLeast(spec, "--warmup", warmup, 0),
                table, single, overrides), io.out());
        return ExitCode.OK;
    }
}
