package redreg.api.internal.engine.checkpoint;

import java.util.function.Consumer;

/**
 * Named points of a run's checkpointing where a test makes the run die, as a {@code kill -9} would there:
 * {@code "checkpoint writing <epoch>"} (inside the write, after part of the file) and {@code "checkpoint written
 * <epoch>"}. Nothing is called unless a test set a hook.
 */
public final class CrashPoints {
    private static volatile Consumer<String> hook;

    private CrashPoints() {
    }

    public static void set(Consumer<String> h) {
        hook = h;
    }

    public static void clear() {
        hook = null;
    }

    static void reach(String point) {
        Consumer<String> h = hook;
        if (h != null) {
            h.accept(point);
        }
    }
}
