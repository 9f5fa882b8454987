package redreg.bench.internal.cli;

/** The exit codes of {@code redreg} (documented in the README and module-docs/getting-started.md). */
public final class ExitCode {
    /** Finished. */
    public static final int OK = 0;
    /** A bug or an unexpected failure: the stack trace is printed. */
    public static final int INTERNAL = 1;
    /** Bad input (a flag, a config key, a file, an output folder that cannot be written): one line on stderr. */
    public static final int USER = 2;
    /** The run finished, but training diverged (a non-finite loss stopped it early). */
    public static final int DIVERGED = 3;

    private ExitCode() {
    }
}
