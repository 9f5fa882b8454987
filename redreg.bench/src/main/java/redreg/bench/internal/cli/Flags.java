package redreg.bench.internal.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of flag values picocli's types do not express; a failure is the same one-line usage error. */
final class Flags {
    private Flags() {
    }

    static int atLeast(CommandSpec command, String flag, int value, int min) {
        if (value < min) {
            throw new ParameterException(command.commandLine(), flag + ": expected an integer >= " + min + ", got " + value);
        }
        return value;
    }
}
