package redreg.bench;

import java.io.PrintStream;
import redreg.bench.internal.cli.Commands;

/**
 * {@code redreg <command>}: run an experiment, run a table, list plug-ins, run the step benchmark. Parsing and
 * help are picocli's ({@code redreg <command> --help}); exit codes: 0 finished, 1 internal error, 2 user error
 * (one line on stderr), 3 finished but diverged.
 */
public final class Cli {
    private Cli() {
    }

    public static void main(String[] args) {
        redreg.bench.internal.Relaunch.exitWithParent(); // a table's child run stops when the table is gone
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int code = Commands.execute(args, out, err);
        out.flush();
        err.flush();
        return code;
    }
}
