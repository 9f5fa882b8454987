package redreg.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import redreg.api.EpochMetrics;
import redreg.api.TrainingListener;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/**
 * A short training of a regulator on the built-in synthetic task (audio stronger than visual), through the public
 * {@link Experiment} facade as a user's YAML would run it, returning every step's diagnostics. The regulator is
 * found by name like any plug-in (ServiceLoader), so the module under test must provide it.
 *
 * <pre>{@code
 * Training t = TrainingKit.regulator("gradnorm").option("strength", 1.0).epochs(2).train();
 * double[] scales = t.column("gradnorm.scale.visual");
 * }</pre>
 *
 * The default run is small and exact: 256 training and 128 test samples, batches of 32 (8 steps an epoch),
 * encoders 16 wide, double precision, concat fusion, SGD, seed 42, 2 epochs. Anything else is an override of the
 * experiment ({@link #with}). Without {@link #in}, the run folder is a temporary one, deleted after the run.
 */
public final class TrainingKit {
    /** The experiment every training starts from; see the class comment. */
    public static final String BASE_YAML = """
            name: testkit
            seed: 42
            task: {name: synthetic, trainSize: 256, testSize: 128}
            fusion: concat
            model:
              encoder: {kind: auto, width: 16, depth: 1, featureSize: 16}
              dtype: double
            losses: {unimodal: false}
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
            training: {epochs: 2, batchSize: 32, diagnostics: true}
            output: {progress: false}
            """;

    private final String regulator;
    private final List<String> overrides = new ArrayList<>();
    private Path dir;

    private TrainingKit(String regulator) {
        this.regulator = regulator;
    }

    /** A training with the regulator of this name ({@code regulator.name}). */
    public static TrainingKit regulator(String name) {
        return new TrainingKit(name);
    }

    /** One of the regulator's options ({@code regulator.<key>=<value>}; lists in YAML flow style, {@code [a, b]}). */
    public TrainingKit option(String key, Object value) {
        return with("regulator." + key + "=" + value);
    }

    /** Overrides of the experiment, {@code key.path=value} as on the command line ({@code fusion=mmtm}, say). */
    public TrainingKit with(String... overrides) {
        this.overrides.addAll(List.of(overrides));
        return this;
    }

    public TrainingKit epochs(int epochs) {
        return with("training.epochs=" + epochs);
    }

    public TrainingKit seed(long seed) {
        return with("seed=" + seed);
    }

    /** Writes the run folder under {@code dir} (kept), instead of a temporary folder. */
    public TrainingKit in(Path dir) {
        this.dir = dir;
        return this;
    }

    /** The experiment as it will run (to inspect the resolved config); bad options fail here, as a ConfigException. */
    public Experiment experiment() {
        List<String> all = new ArrayList<>();
        all.add("regulator.name=" + regulator);
        all.addAll(overrides);
        return Experiment.fromYaml(BASE_YAML, Path.of("").toAbsolutePath(), all.toArray(String[]::new));
    }

    /** Trains and evaluates; the run's console output is discarded. */
    public Training train() {
        Experiment experiment = experiment();
        Recorder recorder = new Recorder();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try {
            Path parent = dir != null ? dir : Files.createTempDirectory("redreg-testkit");
            try {
                RunResult result = experiment.runIn(parent.resolve(experiment.config().name() + "-" + experiment.hash()),
                        quiet, List.of(recorder));
                return new Training(experiment, result, recorder.steps, recorder.epochs);
            } finally {
                if (dir == null) {
                    delete(parent);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static final class Recorder implements TrainingListener {
        final List<Step> steps = new ArrayList<>();
        final List<EpochMetrics> epochs = new ArrayList<>();

        @Override
        public void onStep(Step step) {
            steps.add(step);
        }

        @Override
        public void onEpochEnd(EpochMetrics metrics) {
            epochs.add(metrics);
        }
    }
}
