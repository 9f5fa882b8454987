package redreg.bench.internal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redreg.api.experiment.Configs;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code redreg run <experiment.yaml> [key.path=value …] [--run-dir DIR] [--dry-run]}. */
@Command(name = "run", header = "Train and evaluate one experiment.", footer = "",
        description = {"Train and evaluate one experiment; results go to <output.dir>/<name>-<hash>/.",
            "Exit code 3 when training diverged."})
final class RunCmd extends CommandBase {

    @Parameters(index = "0", paramLabel = "<experiment.yaml>", description = "the experiment file (extends: resolved)")
    Path experiment;

    @Parameters(index = "1..*", paramLabel = "key.path=value", description = "config overrides, read as YAML")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "write the run into DIR instead of <output.dir>/<name>-<hash>")
    Path runDir;

    @Option(names = {"--dry-run", "--print-config"},
            description = "print the resolved config (every default filled in) and the run folder; train and write nothing")
    boolean dryRun;

    RunCmd(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        Experiment e = Experiment.load(experiment, overrides);
        if (dryRun) {
            io.out().println("# redreg run --dry-run: nothing trained, nothing written");
            io.out().println("# run folder: " + (runDir != null ? runDir.toAbsolutePath() : e.runDir()));
            io.out().print(Configs.toYaml(e.resolvedConfig()));
            return ExitCode.OK;
        }
        RunResult r = runDir == null ? e.run(io.out()) : e.runIn(runDir, io.out());
        return r.diverged() == null ? ExitCode.OK : ExitCode.DIVERGED;
    }
}
