package redreg.bench.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import redreg.api.ConfigException;
import redreg.api.EpochMetrics;
import redreg.api.experiment.Experiment;
import redreg.api.TrainingListener;
import redreg.api.internal.engine.loop.TrainingRun;

/**
 * {@code redreg bench --memory}: peak resident memory (VmHWM) and current RSS of the JVM per epoch, for a long
 * run of the av-digits default, of the same with RedReg, and of a 10-run table in one process (runs in sequence,
 * as a table with {@code parallel: 1} does). Each part runs in its own JVM so each peak is its own.
 * Goal (issue 11): peak <= 1 GiB for the av-digits default, and no growth after epoch 5 beyond 10%.
 */
final class BenchMemory {
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final int SETTLED_EPOCH = 5;

    private BenchMemory() {
    }

    /** Parent: one child JVM per part. */
    static void all(int epochs, int runs, int runEpochs, List<String> overrides, PrintStream out) {
        for (String part : List.of("default", "redreg", "table")) {
            List<String> child = new ArrayList<>(Relaunch.command());
            child.addAll(List.of("bench", "--memory-part", part, "--epochs", String.valueOf(epochs),
                    "--runs", String.valueOf(runs), "--run-epochs", String.valueOf(runEpochs)));
            child.addAll(overrides);
            Bench.runChild(child, System.getenv().getOrDefault("OMP_NUM_THREADS", "1"), out);
        }
    }

    /** Child: one part, printing a line per epoch (or per run for the table). */
    static void part(String part, int epochs, int runs, int runEpochs, List<String> overrides, PrintStream out) {
        Path file = Path.of("experiments/default.yaml");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("bench --memory: runs experiments/default.yaml from the project folder; not found in "
                    + Path.of("").toAbsolutePath());
        }
        switch (part) {
            case "default", "redreg" -> {
                List<String> o = new ArrayList<>(overrides);
                o.add("training.epochs=" + epochs);
                if (part.equals("redreg")) {
                    o.add("regulator.name=redreg");
                }
                out.printf(Locale.ROOT, "memory: av-digits default%s, %d epochs in one JVM%n",
                        part.equals("redreg") ? " with RedReg" : "", epochs);
                List<double[]> perEpoch = new ArrayList<>();
                train(Experiment.load(file, o), new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochMetrics m) {
                        double[] mem = sample();
                        perEpoch.add(mem);
                        out.printf(Locale.ROOT, "  epoch %3d  peak %6.3f GiB  rss %6.3f GiB  %s  (%.1fs)%n", m.epoch(),
                                mem[0] / GIB, mem[1] / GIB, where(), m.seconds());
                    }
                });
                verdict(perEpoch, part.equals("default"), out);
            }
            case "table" -> {
                out.printf(Locale.ROOT, "memory: %d runs of the av-digits default (seeds 1..%d, %d epochs each) in one JVM%n",
                        runs, runs, runEpochs);
                List<double[]> perRun = new ArrayList<>();
                double peakSoFar = 0;
                double laterRunsMax = 0;
                for (int r = 1; r <= runs; r++) {
                    List<String> o = new ArrayList<>(overrides);
                    o.addAll(List.of("training.epochs=" + runEpochs, "seed=" + r));
                    boolean perRunPeak = resetPeak(); // VmHWM from here on is this run's own peak
                    long t0 = System.nanoTime();
                    train(Experiment.load(file, o), new TrainingListener() { });
                    double[] mem = sample();
                    peakSoFar = Math.max(peakSoFar, mem[0]);
                    if (r > 1) {
                        laterRunsMax = Math.max(laterRunsMax, mem[0]);
                    }
                    perRun.add(new double[] {peakSoFar, mem[1], mem[0]});
                    out.printf(Locale.ROOT, "  run %3d  peak %6.3f GiB  %s  rss %6.3f GiB  %s  (%.1fs)%n", r,
                            peakSoFar / GIB, perRunPeak ? String.format(Locale.ROOT, "this run's peak %6.3f GiB", mem[0] / GIB)
                                    : "", mem[1] / GIB, where(), (System.nanoTime() - t0) / 1e9);
                }
                double first = perRun.get(0)[0];
                double last = perRun.get(perRun.size() - 1)[0];
                out.printf(Locale.ROOT, "  peak after run 1 %.3f GiB, after run %d %.3f GiB: growth %+.1f%%%n", first / GIB,
                        runs, last / GIB, 100 * (last / first - 1));
                if (runs > 1) {
                    out.printf(Locale.ROOT, "  highest peak of one run after run 1: %.3f GiB (%+.1f%% over run 1's)%n",
                            laterRunsMax / GIB, 100 * (laterRunsMax / perRun.get(0)[2] - 1));
                }
            }
            default -> throw new ConfigException("bench --memory-part: unknown part '" + part + "'; valid: default, redreg, table");
        }
    }

    /** Trains without a run folder: the bench writes nothing. */
    private static void train(Experiment exp, TrainingListener listener) {
        new TrainingRun(exp.runSpec(List.of(listener))).run();
    }

    private static void verdict(List<double[]> perEpoch, boolean goalApplies, PrintStream out) {
        double peak = perEpoch.get(perEpoch.size() - 1)[0];
        String growth = "";
        if (perEpoch.size() > SETTLED_EPOCH) {
            double settled = perEpoch.get(SETTLED_EPOCH)[0];
            growth = String.format(Locale.ROOT, ", growth after epoch %d %+.1f%%", SETTLED_EPOCH, 100 * (peak / settled - 1));
        }
        out.printf(Locale.ROOT, "  peak %.3f GiB%s%s%n", peak / GIB, growth,
                goalApplies ? "  (goal: <= 1 GiB, growth <= 10%)" : "");
    }

    /** Where the memory is: Java heap in use / committed, off-heap buffers JavaCPP tracks, GC count so far. */
    private static String where() {
        Runtime rt = Runtime.getRuntime();
        long gcs = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
        }
        return String.format(Locale.ROOT, "heap %4d/%4d MiB  javacpp %4d MiB  GCs %d",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20,
                org.bytedeco.javacpp.Pointer.totalBytes() >> 20, gcs);
    }

    /**
     * Resets VmHWM to the current RSS (Linux: "5" to clear_refs), so that the next sample is one run's peak, not
     * the maximum of every run's transient peaks so far. False where that is not possible.
     */
    private static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {VmHWM, VmRSS} of this process in bytes (Linux; zeros elsewhere). */
    static double[] sample() {
        double[] out = new double[2];
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    out[0] = kib(line);
                } else if (line.startsWith("VmRSS:")) {
                    out[1] = kib(line);
                }
            }
        } catch (IOException e) {
            // not Linux: the bench prints zeros rather than failing
        }
        return out;
    }

    private static double kib(String line) {
        return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
    }
}
