package redreg.bench.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import redreg.api.ConfigException;
import redreg.api.experiment.Experiment;
import redreg.api.internal.engine.loop.TrainingRun;

/**
 * {@code redreg bench}: ms/step of the framework's step against DL4J's own {@code fit()} on the identical graph,
 * once with {@code OMP_NUM_THREADS=1} and once with 2 (each in its own JVM, since ND4J fixes its threads at start).
 */
public final class Bench {
    private Bench() {
    }

    /**
     * The options of {@code redreg bench} (parsed by the command line's {@code BenchCmd}).
     *
     * @param steps      timed steps per round
     * @param warmup     untimed warm-up steps
     * @param table      a table spec to time whole, or null
     * @param single     measure in this JVM (the child of a bench run) instead of starting one per thread count
     * @param overrides  overrides of the bench model's config
     * @param models     {@code --models}: torch_peer.py's models to time (empty = all), or null
     * @param stepScale  {@code --step-scale}: scale of the models' timed step counts
     * @param memory     {@code --memory}: peak RSS per epoch / per run, each case in its own JVM
     * @param memoryPart the case a memory child measures (internal), or null
     * @param epochs     epochs of the long memory runs
     * @param runs       runs of the in-one-JVM memory case
     * @param runEpochs  epochs of each of those runs
     */
    public record Options(int steps, int warmup, Path table, boolean single, List<String> overrides, List<String> models,
                          double stepScale, boolean memory, String memoryPart, int epochs, int runs, int runEpochs) {
    }

    public static void run(Options options, PrintStream out) {
        int steps = options.steps();
        int warmup = options.warmup();
        List<String> overrides = options.overrides();
        Path table = options.table();
        boolean single = options.single();
        if (options.memoryPart() != null) {
            BenchMemory.part(options.memoryPart(), options.epochs(), options.runs(), options.runEpochs(), overrides, out);
            return;
        }
        if (options.models() != null) {
            BenchModels.run(options.models(), options.stepScale(), overrides, out);
            return;
        }
        if (options.memory()) {
            BenchMemory.all(options.epochs(), options.runs(), options.runEpochs(), overrides, out);
            return;
        }
        if (table != null) {
            timeTable(table, out);
            return;
        }
        if (single) {
            measure(steps, warmup, overrides, out);
            regulators(steps, overrides, out);
            return;
        }
        for (String threads : List.of("1", "2")) {
            List<String> child = new ArrayList<>(Relaunch.command());
            child.add("bench");
            child.add("--single");
            child.add("--steps");
            child.add(String.valueOf(steps));
            child.add("--warmup");
            child.add(String.valueOf(warmup));
            child.addAll(overrides);
            out.println("OMP_NUM_THREADS=" + threads + ":");
            runChild(child, threads, out);
        }
    }

    static final int ROUNDS = 3;

    static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    static Experiment benchExperiment(List<String> overrides) {
        try (InputStream in = Bench.class.getResourceAsStream("/redreg/bench/bench.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Experiment.fromYaml(yaml, Path.of("").toAbsolutePath(), overrides.toArray(String[]::new));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void measure(int steps, int warmup, List<String> overrides, PrintStream out) {
        Experiment exp = benchExperiment(overrides);
        if (!exp.config().losses().unimodal()) {
            throw new ConfigException("bench: losses.unimodal must stay true (DL4J's graph trains every head's loss)");
        }
        StepBench run = engine(exp);
        IdenticalGraph reference = new IdenticalGraph(exp, run.run().task());
        // Both share DL4J's code: warm both up, then alternate timed rounds and keep each side's median.
        run.timeSteps(warmup, 1);
        reference.timeFit(warmup, 1);
        double[] fw = new double[ROUNDS];
        double[] dl = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            fw[r] = run.timeSteps(0, steps);
            dl[r] = reference.timeFit(0, steps);
        }
        double framework = median(fw);
        double dl4j = median(dl);
        out.printf(Locale.ROOT, "  framework step   %8.2f ms/step  (regulator %s, median of %d rounds of %d steps)%n",
                framework, exp.config().regulator().name(), ROUNDS, steps);
        out.printf(Locale.ROOT, "  DL4J fit()       %8.2f ms/step  (identical graph and batch)%n", dl4j);
        out.printf(Locale.ROOT, "  ratio            %8.3f          (goal <= 1.10)%n", framework / dl4j);
    }

    /** An engine without listeners: the bench writes nothing and never evaluates. */
    static StepBench engine(Experiment exp) {
        return new StepBench(new TrainingRun(exp.runSpec(List.of())));
    }

    /** ms/step of every regulator on the bench model, and its ratio to joint. */
    private static void regulators(int steps, List<String> overrides, PrintStream out) {
        String[][] variants = {
            {"joint"}, {"ogm-ge"}, {"inforeg"}, {"redreg", "regulator.warmupEpochs=0"},
            {"redreg", "regulator.warmupEpochs=0", "regulator.threshold=-1e9", "regulator.tauMin=-1.0",
                "regulator.tauMax=-1.0"},
            // The baselines with per-step work (G-Blending and Re-learning act between epochs only).
            {"pmr"}, {"agm"}, {"mmpareto"},
            // Greedy brings its own architecture: the MMTM fusion's cost shows in "joint + mmtm", Greedy's on top.
            {"joint", "fusion.name=mmtm"}, {"greedy", "fusion.name=mmtm", "regulator.startingEpoch=0"},
            // RedReg without the redundancy monitor: the difference is the cost of its two probe passes
            {"redreg", "regulator.warmupEpochs=0", "regulator.monitor=false", "regulator.tauMin=-1.0",
                "regulator.tauMax=-1.0"},
            // BalanceBenchmark's methods, part 1 (issue 21): each acting from the first step
            {"joint", "fusion.name=mmcosine"}, {"cml"}, {"ogm-tpami", "regulator.startEpoch=0"},
            {"opm", "regulator.warmupEpochs=0", "regulator.execute=1.0"}, {"umt", "regulator.teacherEpochs=1"},
            {"ume"}};
        String[] labels = {"joint", "ogm-ge", "inforeg", "redreg", "redreg (gate forced open)", "pmr", "agm",
            "mmpareto", "joint + mmtm fusion", "greedy (mmtm fusion)", "redreg (open, no probes)",
            "mmcosine (fusion)", "cml", "ogm-tpami", "opm (always dropping)", "umt", "ume"};
        // Build every engine first, then interleave the timed rounds so drifts of the machine hit all alike.
        List<StepBench> runs = new ArrayList<>();
        for (String[] variant : variants) {
            List<String> o = new ArrayList<>(overrides);
            o.add("regulator.name=" + variant[0]);
            o.addAll(List.of(variant).subList(1, variant.length));
            StepBench run = engine(benchExperiment(o));
            run.timeSteps(5, 1);
            runs.add(run);
        }
        double[][] rounds = new double[variants.length][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int v = 0; v < variants.length; v++) {
                rounds[v][r] = runs.get(v).timeSteps(0, steps);
            }
        }
        double joint = median(rounds[0]);
        for (int v = 0; v < variants.length; v++) {
            double ms = median(rounds[v]);
            out.printf(Locale.ROOT, "  %-26s %8.2f ms/step  ratio to joint %.3f%s%n", labels[v], ms, ms / joint,
                    labels[v].startsWith("redreg") ? "  (goal <= 1.30)" : "");
        }
    }

    /** Wall time of a whole table, every run forced (the table's own parallelism and threads). */
    private static void timeTable(Path spec, PrintStream out) {
        long start = System.nanoTime();
        redreg.bench.internal.table.TableCommand.run(new redreg.bench.internal.table.TableOptions(spec, true, null, null,
                null, null, false, false), out, System.err);
        double minutes = (System.nanoTime() - start) / 60e9;
        out.printf(Locale.ROOT, "table %s: %.1f minutes wall time (goal for the av-digits Table I: <= 20)%n", spec, minutes);
    }

    /** The java command line of this JVM, to start a child with another thread count. */
    static void runChild(List<String> command, String threads, PrintStream out) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", threads);
        try {
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(out::println);
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("bench child with OMP_NUM_THREADS=" + threads + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
