package redreg.example.research;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import redreg.api.config.EncoderSpec;
import redreg.api.EpochMetrics;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.ExperimentConfig;
import redreg.api.config.LossConfig;
import redreg.api.experiment.ModelConfig;
import redreg.api.config.OptimizerConfig;
import redreg.api.experiment.OutputConfig;
import redreg.api.config.PluginSpec;
import redreg.api.experiment.RunResult;
import redreg.api.config.TrainingConfig;

/**
 * A small study as research code would write it: joint training against two regulators on the synthetic task,
 * each run's metrics ({@link RunResult}) and per-step diagnostics ({@code diagnostics.csv}) read back and
 * compared.
 *
 * <p>Three ways to build an experiment are shown: YAML text with {@code key=value} overrides
 * ({@link Experiment#fromYaml}), a variation of it ({@link Experiment#with}), and a config built from records
 * ({@link Experiment#of}).
 *
 * <pre>
 * java … -m redreg.example.research/redreg.example.research.BalanceStudy [outputDir] [epochs]
 * </pre>
 */
public final class BalanceStudy {

    /** The study's base experiment; every run shares it and changes the regulator. */
    static final String BASE_YAML = """
            name: study-joint
            seed: 11
            task:
              name: synthetic
              classes: 4
              trainSize: 256
              testSize: 128
              modalities:
                - {name: audio, shape: [16], signal: 4.0}
                - {name: visual, shape: [16], signal: 1.5}
            fusion: concat
            regulator: joint
            model:
              encoder: {kind: mlp, width: 16, depth: 1, featureSize: 8}
              dtype: double
            losses: {unimodal: true}
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
            training: {epochs: 3, batchSize: 32}
            output: {progress: false}
            """;

    /**
     * One run of the study, as read back from its result and its diagnostics.
     *
     * @param label        what was run
     * @param result       the run's metrics (per epoch and final) and folder
     * @param meanGradNorm per modality, the mean over steps of the encoder gradient norm after regulation
     * @param regulatorColumns the diagnostics columns the regulator added (beyond the engine's own)
     */
    public record Row(String label, RunResult result, Map<String, Double> meanGradNorm, List<String> regulatorColumns) {

        /** ‖g_audio‖ / ‖g_visual‖ averaged over the run: how much the strong modality dominates the update. */
        public double gradNormRatio() {
            return meanGradNorm.get("audio") / meanGradNorm.get("visual");
        }
    }

    /** The columns the engine writes for every run; the others come from the regulator. */
    private static final Pattern ENGINE_COLUMN = Pattern.compile("step|epoch|loss|(p|rlc|dgr|rs|gradNorm)\\..+");

    private BalanceStudy() {
    }

    /** The joint baseline: the YAML above with overrides, as on the command line. */
    public static Experiment baseline(Path outputDir, int epochs) {
        return Experiment.fromYaml(BASE_YAML, outputDir, "output.dir=" + outputDir.toAbsolutePath(),
                "training.epochs=" + epochs);
    }

    /**
     * The same experiment as {@link #baseline} built from config records instead of YAML, with another
     * regulator. With {@code regulator = PluginSpec.of("joint")} it resolves to the very same config (same hash,
     * same run folder) as the baseline.
     */
    public static ExperimentConfig fromRecords(Path outputDir, int epochs, String name, PluginSpec regulator) {
        PluginSpec task = PluginSpec.of("synthetic")
                .with("classes", 4)
                .with("trainSize", 256)
                .with("testSize", 128)
                .with("modalities", List.of(
                        modality("audio", 16, 4.0),
                        modality("visual", 16, 1.5)));
        return new ExperimentConfig(name, 11, task, PluginSpec.of("concat"), regulator,
                new ModelConfig(new EncoderSpec("mlp", 16, 1, 8), null, "double"),
                new LossConfig(true, LossConfig.defaults().unimodalWeight()),
                new OptimizerConfig("sgd", 0.05, 0.9, 1e-4, 0, OptimizerConfig.defaults().lrGamma()),
                new TrainingConfig(epochs, 32, TrainingConfig.defaults().evalBatchSize(), true,
                        TrainingConfig.defaults().probeEvery(), 0, 0.0, "last", TrainingConfig.defaults().checkpointEvery()),
                new OutputConfig(outputDir.toAbsolutePath().toString(), false, OutputConfig.defaults().saveModel()));
    }

    private static Map<String, Object> modality(String name, int size, double signal) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("shape", List.of(size));
        m.put("signal", signal);
        return m;
    }

    /** Runs joint, OGM-GE and RedReg; returns one row per run. {@code log} gets the runs' summary lines. */
    public static List<Row> run(Path outputDir, int epochs, PrintStream log) {
        Experiment joint = baseline(outputDir, epochs);
        // A variation: another plug-in and one of its options, as overrides on top of the baseline.
        Experiment ogm = joint.with("name=study-ogm-ge", "regulator.name=ogm-ge", "regulator.alpha=0.5");
        // Built from records; plug-in options are a YAML tree (PluginSpec.with), checked against the
        // plug-in's config record when the experiment is created.
        Experiment redreg = Experiment.of(fromRecords(outputDir, epochs, "study-redreg",
                PluginSpec.of("redreg").with("warmupEpochs", 0).with("tauMin", 0.0).with("tauMax", 0.2)));
        List<Row> rows = new ArrayList<>();
        rows.add(measure("joint", joint, log));
        rows.add(measure("ogm-ge alpha 0.5", ogm, log));
        rows.add(measure("redreg (paper, no warm-up)", redreg, log));
        return rows;
    }

    private static Row measure(String label, Experiment experiment, PrintStream log) {
        RunResult result = experiment.run(log);
        Diagnostics d = Diagnostics.read(result.diagnosticsCsv());
        Map<String, Double> norms = new LinkedHashMap<>();
        for (String m : List.of("audio", "visual")) {
            norms.put(m, d.mean("gradNorm." + m));
        }
        List<String> regulatorColumns = d.columns().stream().filter(c -> !ENGINE_COLUMN.matcher(c).matches()).toList();
        return new Row(label, result, norms, regulatorColumns);
    }

    /** A plain-text table of the rows. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-28s %8s %8s %8s %12s  %s%n",
                "run", "fused", "audio", "visual", "|g_a|/|g_v|", "epochs (test accuracy)"));
        for (Row r : rows) {
            StringBuilder curve = new StringBuilder();
            for (EpochMetrics e : r.result().epochs()) {
                curve.append(String.format(Locale.ROOT, " %.3f", e.metrics().get("accuracy")));
            }
            sb.append(String.format(Locale.ROOT, "%-28s %8.4f %8.4f %8.4f %12.3f  %s%n", r.label(),
                    r.result().accuracy(), r.result().modalityAccuracy("audio"),
                    r.result().modalityAccuracy("visual"), r.gradNormRatio(), curve.toString().trim()));
        }
        return sb.toString();
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Row> rows = run(out, epochs, new PrintStream(OutputStream.nullOutputStream()));
        System.out.print(table(rows));
        rows.forEach(r -> System.out.println(r.label() + " -> " + r.result().runDir()));
    }
}
