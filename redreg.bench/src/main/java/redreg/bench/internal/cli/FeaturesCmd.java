package redreg.bench.internal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.TrainedModel;
import redreg.bench.internal.plot.FeatureFiles;

/** {@code redreg features RUN_DIR [--split test] [key.path=value …]}. */
@Command(name = "features", header = "Write a trained model's features of a split as .npy files.", footer = "",
        description = {"Writes RUN_DIR/features/<split>/: <modality>.npy (each sample's pooled features [N, d]),",
            "fused.npy (the fused representation [N, D]) and labels.npy ([N] class indices; a regression's float",
            "targets), rows in the split's order."})
final class FeaturesCmd extends CommandBase {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run folder (config.yaml and model.npz)")
    Path runDir;

    @Parameters(index = "1..*", paramLabel = "key.path=value", description = "config overrides (another task), read as YAML")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "test (default), train (the part trained on) or validation")
    String split;

    @Option(names = "--model", paramLabel = "WHICH", defaultValue = "reported",
            description = "final, best or reported (the epoch result.json reports; default)")
    String model;

    FeaturesCmd(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        TrainedModel m = Experiment.load(runDir, overrides).trained(model);
        Path dir = FeatureFiles.write(runDir, split, m.features(m.split(split)));
        io.out().println("features of the " + split + " split (" + m.split(split).size() + " samples, epoch " + m.epoch()
                + ") -> " + dir);
        return ExitCode.OK;
    }
}
