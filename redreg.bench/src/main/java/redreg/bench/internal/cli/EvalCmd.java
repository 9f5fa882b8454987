package redreg.bench.internal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.TrainedModel;

/** {@code redreg eval RUN_DIR [key.path=value …] [--model final|best|reported]}. */
@Command(name = "eval", header = "Evaluate a run's trained model again.", footer = "",
        description = {"Loads the run's config and model and prints the run's metrics on its test split (and validation",
            "part); with no overrides they equal result.json's. Overrides name another task or split: another dataset",
            "with the same modalities, or task.modalities=[audio] (missing modalities are fed as zeros)."})
final class EvalCmd extends CommandBase {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run folder (config.yaml and model.npz)")
    Path runDir;

    @Parameters(index = "1..*", paramLabel = "key.path=value", description = "config overrides (task, split), read as YAML")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--model", paramLabel = "WHICH", defaultValue = "reported",
            description = "final (model.npz), best (model-best.npz) or reported: the epoch result.json reports (default)")
    String model;

    @Option(names = "--split", paramLabel = "SPLIT",
            description = "evaluate on one split only: test, train or validation (default: the run's metrics)")
    String split;

    EvalCmd(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        Experiment e = Experiment.load(runDir, overrides);
        TrainedModel m = e.trained(model);
        Map<String, Double> metrics = split == null ? m.evaluate() : m.evaluate(m.split(split));
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s (epoch %d, %s%s):", e.config().name(),
                m.epoch(), m.file().getFileName(), split == null ? "" : ", " + split + " split"));
        metrics.forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
        io.out().println(line);
        return ExitCode.OK;
    }
}
