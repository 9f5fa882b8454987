package redreg.bench.internal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redreg.bench.internal.Bench;

/**
 * {@code redreg bench [--steps N] [--warmup N] [key.path=value …]}, {@code --table <spec>}, {@code --models},
 * {@code --memory}.
 */
@Command(name = "bench", header = "Time the training step (or a whole table).", footer = "",
        description = {"Time the training step: framework vs DL4J's fit() on the identical graph",
            "(OMP_NUM_THREADS 1 and 2, each in its own JVM), and every regulator; with --table, the wall time",
            "of a whole table."})
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

    @Option(names = "--models", description = "time torch_peer.py's models (avdigits, heldout-cnn, resnet-small, mosi-transformer)")
    boolean allModels;

    @Option(names = "--model", paramLabel = "NAME[,NAME…]", split = ",", description = "time these of torch_peer.py's models")
    List<String> models;

    @Option(names = "--ops", description = "time each layer of those models alone, forward and backward, next to PyTorch")
    boolean ops;

    @Option(names = "--step-scale", paramLabel = "X", description = "scale the models' timed step counts (default: ${DEFAULT-VALUE})")
    double stepScale = 1;

    @Option(names = "--memory", description = "peak RSS per epoch of long runs, and per run of several runs in one JVM")
    boolean memory;

    /** A memory child's case. */
    @Option(names = "--memory-part", hidden = true)
    String memoryPart;

    @Option(names = "--epochs", paramLabel = "N", description = "epochs of the long memory runs (default: ${DEFAULT-VALUE})")
    int epochs = 100;

    @Option(names = "--runs", paramLabel = "N", description = "runs in one JVM for --memory (default: ${DEFAULT-VALUE})")
    int runs = 10;

    @Option(names = "--run-epochs", paramLabel = "N", description = "epochs of each of those runs (default: ${DEFAULT-VALUE})")
    int runEpochs = 10;

    @Parameters(paramLabel = "key.path=value", description = "overrides of the bench model's config")
    List<String> overrides = new ArrayList<>();

    BenchCmd(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        List<String> timed = models != null ? models : allModels ? new ArrayList<>() : null;
        if (ops) {
            redreg.bench.internal.BenchOps.run(timed == null ? List.of() : timed, Flags.atLeast(spec, "--steps", steps, 1),
                    overrides, io.out());
            return ExitCode.OK;
        }
        Bench.run(new Bench.Options(Flags.atLeast(spec, "--steps", steps, 1), Flags.atLeast(spec, "--warmup", warmup, 0),
                table, single, overrides, timed, stepScale, memory, memoryPart, Flags.atLeast(spec, "--epochs", epochs, 1),
                Flags.atLeast(spec, "--runs", runs, 1), Flags.atLeast(spec, "--run-epochs", runEpochs, 1)), io.out());
        return ExitCode.OK;
    }
}
