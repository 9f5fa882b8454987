package redreg.api.internal.engine.checkpoint;

import java.util.function.Consumer;

/**
 * Named points of a run where a test makes the run die, as a {@code kill -9} would there: {@code "epoch <e> step
 * <s>"} (after the s-th step of epoch e, counted from 1), {@code "checkpoint writing <epoch>"} (inside the write,
 * after part of the file) and {@code "checkpoint written <epoch>"}. Nothing happens unless a test set a hook — in
 * this JVM ({@link #set}) or, for a child JVM, through one of the two system properties read here and nowhere else:
 * {@code -Dredreg.test.dieAt=<point>} halts the JVM there ({@link Runtime#halt}: no shutdown hooks, no flush — what
 * a {@code kill -9} leaves on disk), {@code -Dredreg.test.holdAt=<point>} prints {@code holding at <point>} to
 * standard error and waits there for the test's own SIGKILL.
 */
public final class CrashPoints {
    static final String DIE_AT = "redreg.test.dieAt";
    static final String HOLD_AT = "redreg.test.holdAt";
    /** The exit status of a process killed by SIGKILL (128 + 9), which a halted run imitates. */
    public static final int KILLED = 137;
    private static volatile Consumer<String> hook = fromProperties();

    private CrashPoints() {
    }

    public static void set(Consumer<String> h) {
        hook = h;
    }

    public static void clear() {
        hook = null;
    }

    /** After the {@code step}-th step (from 1) of {@code epoch}; costs nothing without a hook. */
    public static void stepDone(int epoch, int step) {
        if (hook != null) {
            reach("epoch " + epoch + " step " + step);
        }
    }

    static void reach(String point) {
        Consumer<String> h = hook;
        if (h != null) {
            h.accept(point);
        }
    }

    private static Consumer<String> fromProperties() {
        String die = System.getProperty(DIE_AT);
        String hold = System.getProperty(HOLD_AT);
        if (die == null && hold == null) {
            return null;
        }
        return point -> {
            if (point.equals(die)) {
                Runtime.getRuntime().halt(KILLED);
            }
            if (point.equals(hold)) {
                System.err.println("holding at " + point);
                System.err.flush();
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // only the test's SIGKILL ends the wait
                    }
                }
            }
        };
    }
}
