package redreg.tasks.internal;

import redreg.api.ConfigException;
import redreg.api.TaskContext;

/**
 * Bad-sample policy of a loader: fail on the first bad sample with its one-line message, or (with
 * {@code skipBadSamples}) skip it, count it and report the count once loading is done.
 */
public final class BadSamples {
    private final String task;
    private final boolean skip;
    private final TaskContext context;
    private int skipped;
    private String first;

    /** The report line goes to the context's progress. */
    public BadSamples(String task, boolean skip, TaskContext context) {
        this.task = task;
        this.skip = skip;
        this.context = context;
    }

    /** A bad sample: throws unless skipping. */
    public void bad(String message) {
        if (!skip) {
            throw new ConfigException(message);
        }
        if (first == null) {
            first = message;
        }
        skipped++;
    }

    public int skipped() {
        return skipped;
    }

    /** One progress line when samples were skipped; returns it (null when none were). */
    public String report(String split, int total) {
        if (skipped == 0) {
            return null;
        }
        String line = task + ": skipped " + skipped + " bad sample" + (skipped == 1 ? "" : "s") + " of " + total
                + " in the " + split + " split (skipBadSamples: true); first: " + first;
        context.progress(line);
        return line;
    }

    /** Resets the count for the next split. */
    public void reset() {
        skipped = 0;
        first = null;
    }
}
