package redreg.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import redreg.api.Batch;
import redreg.api.DataSplit;
import redreg.api.internal.engine.loop.TrainingRun;

/**
 * The bench's step timer over an engine run: the training part cut once into whole batches (like the reference's
 * DataSets, so only the step itself is timed), then steps cycled over them in epoch 0 with no evaluation.
 */
public final class StepBench {
    private final TrainingRun run;
    private List<Batch> batches;
    private int next;
    /** This thread's CPU time per timed step of the last {@link #timeSteps} call (ms). */
    private double lastCpuMs;
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    public StepBench(TrainingRun run) {
        this.run = run;
    }

    public TrainingRun run() {
        return run;
    }

    /** Times {@code steps} training steps after {@code warmup} untimed ones; returns ms/step. */
    public double timeSteps(int warmup, int steps) {
        if (batches == null) {
            run.start();
            run.startEpoch(0);
            batches = sequentialBatches(run.trainingPart(), run.batchSize(), run.augmentation());
        }
        long nanos = 0;
        long cpuNanos = 0;
        for (int s = 0; s < warmup + steps; s++) {
            int b = next++ % batches.size();
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            run.step(batches.get(b), 0, b, batches.size());
            if (s >= warmup) {
                nanos += System.nanoTime() - t0;
                cpuNanos += THREADS.getCurrentThreadCpuTime() - c0;
            }
        }
        lastCpuMs = steps == 0 ? 0 : cpuNanos / 1e6 / steps;
        return steps == 0 ? 0 : nanos / 1e6 / steps;
    }

    /**
     * CPU time of this thread per timed step of the last {@link #timeSteps} call, in ms: with one ND4J thread the
     * step's own work (native kernels included, they run on the calling thread), less sensitive than wall time to
     * other processes on a shared machine; GC and ND4J's deallocator threads are not counted.
     */
    public double lastCpuMs() {
        return lastCpuMs;
    }

    /** The split cut in order into whole batches of {@code batchSize} (the benchmarks' fixed data). */
    public static List<Batch> sequentialBatches(DataSplit split, int batchSize, Random random) {
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < Math.max(1, split.size() / batchSize); b++) {
            int[] idx = new int[batchSize];
            for (int i = 0; i < batchSize; i++) {
                idx[i] = b * batchSize + i;
            }
            out.add(split.batch(idx, true, random));
        }
        return out;
    }
}
