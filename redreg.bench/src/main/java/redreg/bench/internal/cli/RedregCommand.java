package redreg.bench.internal.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code redreg}: the top-level command; alone it prints the usage (exit 2), the work is in its subcommands. */
@Command(name = "redreg", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        // every command gets --help, --version and the exit codes
        scope = ScopeType.INHERIT,
        description = "Balanced multimodal training: gradient regulators on DL4J/ND4J.",
        synopsisSubcommandLabel = "<command>",
        commandListHeading = "%nCommands (redreg <command> --help for each):%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:finished",
            "1:internal error (a bug: the stack trace is printed)",
            "2:user error: a bad flag, config key, file or output folder (one line on stderr)",
            "3:finished, but training diverged (a non-finite loss stopped a run early)"},
        footer = {"", "Config overrides are key.path=value arguments after the file, read as YAML, e.g.",
            "  redreg run experiments/default.yaml regulator.name=redreg training.epochs=3"})
final class RedregCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "expected a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
