package redreg.api.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps resident memory flat. Training runs without DL4J workspaces (the encoders are driven with external errors),
 * so every step allocates fresh off-heap buffers that ND4J frees only once the garbage collector has collected
 * their small Java wrappers, and the Java heap sees too little pressure to collect them in time (measured: the
 * av-digits default grew to 2 GiB in 20 epochs; a table of runs in one JVM to 22 GiB). ND4J's own periodic GC is
 * a no-op on the CPU backend ({@code CpuMemoryManager.isPeriodicGcActive() == false}) and it tracks none of
 * these buffers, and the resident size alone is no trigger (glibc keeps freed memory mapped for reuse).
 *
 * <p>So the engine calibrates once per JVM: it counts the steps until the resident size has grown by
 * {@value #BUDGET_MIB} MiB over what it was after a collection, then runs a collection every that many steps.
 * The freed buffers are reused by the next steps, so the resident size settles near the model's own size plus
 * the budget. Later runs in the same JVM (a table) keep the period: recalibrating would count the reuse of the
 * previous run's freed memory as "no growth" and let the pool ratchet up run after run (measured: +143% over 10
 * runs). Should the resident size still pass a ceiling (last level after a collection plus twice the budget: a
 * heavier model later in the JVM), the period halves. Off: {@code -Dredreg.nativeGc=false}.
 */
public final class NativeMemory {
    static final long BUDGET_MIB = 256;
    private static final boolean ENABLED = !"false".equals(System.getProperty("redreg.nativeGc"));
    /** {@code runs} (the default): glibc's free memory goes back at a run's start and end; {@code always}: at every
     *  collection too (flatter peaks, measured ~14 % slower steps); {@code false}: never. */
    private static final String TRIM = System.getProperty("redreg.nativeTrim", "runs");
    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE = 4096;
    private static final int SETTLE_POLLS = 10;
    private static final long SETTLE_POLL_MS = 20;
    private static long rssAfterGc = -1;
    private static long period; // steps between collections; 0 while calibrating
    private static long sinceGc;
    private static long ceiling = Long.MAX_VALUE;

    private NativeMemory() {
    }

    /** Call after each training step. */
    public static synchronized void afterStep() {
        if (!ENABLED) {
            return;
        }
        sinceGc++;
        long rss = residentBytes();
        if (period > 0) {
            if (rss > ceiling) {
                period = Math.max(1, Math.min(period, sinceGc) / 2);
                gc();
            } else if (sinceGc >= period) {
                gc();
            }
        } else if (rss < 0) {
            period = 100; // no /proc: a fixed period
        } else if (rssAfterGc < 0) {
            gc();
        } else if (rss - rssAfterGc > BUDGET_MIB << 20) {
            period = sinceGc;
            gc();
        }
    }

    /**
     * A collection now, and glibc's freed memory given back (a run's start: the task's loading is garbage; its end:
     * its model and data are): every run of a table then starts from the same level instead of from what the
     * previous runs left mapped in glibc's arenas.
     */
    public static synchronized void collect() {
        if (ENABLED) {
            gc(!TRIM.equals("false"));
        }
    }

    /** The resident size taken after the last collection (-1 before the first). */
    static synchronized long levelAfterCollection() {
        return rssAfterGc;
    }

    private static void gc() {
        gc(TRIM.equals("always"));
    }

    private static void gc(boolean trim) {
        System.gc();
        settledResidentBytes();
        if (trim) {
            trimNativeHeap();
        }
        rssAfterGc = residentBytes();
        sinceGc = 0;
        if (period > 0 && rssAfterGc >= 0) {
            ceiling = rssAfterGc + 2 * (BUDGET_MIB << 20);
        }
    }

    /**
     * The resident size once it stops falling. The launcher makes {@code System.gc()} concurrent, and ND4J frees the
     * collected wrappers' buffers on its own deallocator thread after that, so a reading taken at once would see
     * part of the garbage still mapped and set the period and ceiling from a level that depends on machine load.
     */
    static long settledResidentBytes() {
        long last = residentBytes();
        for (int i = 0; i < SETTLE_POLLS && last >= 0; i++) {
            try {
                Thread.sleep(SETTLE_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = residentBytes();
            if (now >= last) {
                break;
            }
            last = now;
        }
        return last;
    }

    /**
     * glibc's {@code malloc_trim(0)} through the JVM's own diagnostic command ({@code System.trim_native_heap}, JDK
     * 17.0.9+): the freed buffers' pages go back to the system instead of staying mapped in glibc's arenas.
     */
    private static void trimNativeHeap() {
        try {
            var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[] {null}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            // an older JDK or no glibc: the level stays as glibc keeps it
        }
    }

    /** Resident set size in bytes, or -1 where /proc is not there. */
    static long residentBytes() {
        try {
            String[] f = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(f[1]) * PAGE;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
