package redreg.bench.internal.cli;

import java.util.Map;

/**
 * The environment the command line depends on before anything else runs. ND4J reads {@code OMP_NUM_THREADS} when it
 * loads (with {@code Integer.parseInt}: anything else ends in a stack trace), so it is checked first. A thread count
 * the user set but mistyped is refused rather than ignored: running with another number of threads than the one
 * asked for would be silent, and timings (and, with some kernel builds, the last bits of the numbers) depend on it.
 */
final class Environment {
    private Environment() {
    }

    /** The one line about a bad variable, or null when the environment is fine. */
    static String problem(Map<String, String> env) {
        String threads = env.get("OMP_NUM_THREADS");
        if (threads != null && !threads.matches("[1-9][0-9]{0,4}")) {
            return "OMP_NUM_THREADS=" + threads + ": expected a whole number of ND4J threads, at least 1 (e.g."
                    + " OMP_NUM_THREADS=1), or leave it unset";
        }
        return null;
    }
}
