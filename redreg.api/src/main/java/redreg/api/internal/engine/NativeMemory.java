package redreg.api.internal.engine;

/**
 * Keeps resident memory flat. Training runs without DL4J workspaces (the encoders are driven with external errors),
 * so every step allocates fresh off-heap buffers that ND4J frees only once the garbage collector has collected
 * their small Java wrappers; the Java heap sees too little pressure to collect them in time (measured: the
 * av-digits default grew by ~70 MB/s of training to 2 GiB in 20 epochs, a table of runs in one JVM to 22 GiB).
 * A full collection at most every {@value #INTERVAL_MS} ms of training frees them deterministically enough:
 * measured flat at ~0.4 GiB, at a cost of one collection of a small live heap (a few ms) per interval.
 * ND4J's own periodic GC does nothing on the CPU backend ({@code CpuMemoryManager.isPeriodicGcActive() == false}).
 */
public final class NativeMemory {
    static final long INTERVAL_MS = Long.getLong("redreg.gcIntervalMs", 1000);
    private static long last = System.nanoTime();

    private NativeMemory() {
    }

    /** Call after each training step (cheap: a clock read unless a collection is due). */
    public static synchronized void afterStep() {
        long now = System.nanoTime();
        if (INTERVAL_MS >= 0 && (now - last) / 1_000_000 >= INTERVAL_MS) {
            collect();
        }
    }

    /** A full collection now (end of a run: its model and data become garbage at once). */
    public static synchronized void collect() {
        System.gc();
        last = System.nanoTime();
    }
}
