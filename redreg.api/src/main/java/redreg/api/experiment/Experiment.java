package redreg.api.experiment;

import redreg.api.config.EncoderSpec;
import redreg.api.ModalityEncoder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import redreg.api.ConfigException;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.Plugin;
import redreg.api.Regulator;
import redreg.api.FusionProvider;
import redreg.api.RegulatorProvider;
import redreg.api.Task;
import redreg.api.TaskContext;
import redreg.api.TaskProvider;
import redreg.api.internal.config.Nodes;
import redreg.api.internal.config.Provenance;
import redreg.api.internal.config.RecordBinder;
import redreg.api.internal.config.YamlComposer;
import redreg.api.TrainingListener;
import redreg.api.config.RunSpec;
import redreg.api.internal.engine.runfiles.CudaSupport;
import redreg.api.internal.engine.runfiles.RunFiles;
import redreg.api.stability.Stable;

/**
 * An experiment composed from YAML (or built in code), resolved against the discovered plug-ins: every key
 * is checked when it is loaded, not when training reaches it.
 *
 * <pre>{@code
 * RunResult r = Experiment.load(Path.of("experiments/default.yaml"), "regulator.name=redreg").run();
 * }</pre>
 */
@Stable(since = "0.1")
public final class Experiment {
    private final ObjectNode tree;
    final Provenance provenance;
    final Path baseDir;
    private final Registry registry;
    final ExperimentConfig config;
    private final Record taskConfig;
    private final Record fusionConfig;
    private final Record regulatorConfig;
    final TaskProvider<?> taskProvider;
    final FusionProvider<?> fusionProvider;
    final RegulatorProvider<?> regulatorProvider;
    final ObjectNode resolved;
    final String hash;
    final ExperimentEncoders encoders;
    /** Set when loaded from a run folder: the folder, and the run's own experiment (before any override). */
    private Path runFolder;
    private Experiment trainedAs;

    private Experiment(YamlComposer.Composed composed, Registry registry) {
        this.tree = composed.tree();
        this.provenance = composed.provenance();
        this.baseDir = composed.baseDir();
        this.registry = registry;
        this.config = RecordBinder.bind(ExperimentConfig.class, ExperimentConfig.defaults(), tree, "", provenance);
        this.taskProvider = registry.task(config.task().name(), provenance.sourceOf("task.name"));
        this.fusionProvider = registry.fusion(config.fusion().name(), provenance.sourceOf("fusion.name"));
        this.regulatorProvider = registry.regulator(config.regulator().name(), provenance.sourceOf("regulator.name"));
        this.taskConfig = Registry.bind(taskProvider, config.task().options(), "task", provenance);
        this.fusionConfig = Registry.bind(fusionProvider, config.fusion().options(), "fusion", provenance);
        this.regulatorConfig = Registry.bind(regulatorProvider, config.regulator().options(), "regulator", provenance);
        if (!List.of("float", "double").contains(config.model().dtype())) {
            throw RecordBinder.error(provenance, "model.dtype", "unknown value '" + config.model().dtype()
                    + "'; valid values: float, double");
        }
        this.encoders = new ExperimentEncoders(config, registry, provenance);
        encoders.check(); // issue 15: encoder keys are checked now
        this.resolved = resolve();
        this.hash = RunHash.of(resolved);
    }

    /**
     * Loads a YAML file ({@code extends:} resolved) and applies {@code key.path=value} overrides; or, given a run
     * folder, that run's experiment (its {@code config.yaml}) with the overrides, whose {@link #trained()} model
     * is the one the run saved.
     */
    public static Experiment load(Path file, List<String> overrides) {
        if (java.nio.file.Files.isDirectory(file)) {
            return loadRun(file, overrides);
        }
        return new Experiment(YamlComposer.load(file, overrides), Registry.discover());
    }

    private static Experiment loadRun(Path runDir, List<String> overrides) {
        Path config = runDir.resolve("config.yaml");
        if (!java.nio.file.Files.isRegularFile(config)) {
            throw new redreg.api.ConfigException(runDir + ": not a run folder (no config.yaml)");
        }
        // relative data paths resolve against the experiment file's folder, which the model file records
        Path baseDir = runDir.toAbsolutePath();
        for (String name : List.of(redreg.api.internal.engine.checkpoint.ModelFiles.FINAL,
                redreg.api.internal.engine.checkpoint.ModelFiles.BEST)) {
            Path model = runDir.resolve(name);
            if (java.nio.file.Files.isRegularFile(model)) {
                String dir = redreg.api.internal.engine.checkpoint.Archive.readIndex(model,
                        redreg.api.internal.engine.checkpoint.ModelFile.FORMAT).path("baseDir").asText("");
                if (!dir.isEmpty()) {
                    baseDir = Path.of(dir);
                }
                break;
            }
        }
        String yaml;
        try {
            yaml = java.nio.file.Files.readString(config);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + config + ": " + RunFiles.reason(e), e);
        }
        Registry registry = Registry.discover();
        Experiment trained = new Experiment(YamlComposer.fromString(yaml, config.toString(), baseDir, List.of()), registry);
        Experiment out = overrides.isEmpty() ? trained
                : new Experiment(YamlComposer.fromString(yaml, config.toString(), baseDir, overrides), registry);
        trained.runFolder = runDir;
        trained.trainedAs = trained;
        out.runFolder = runDir;
        out.trainedAs = trained;
        return out;
    }

    /**
     * The model the run folder this experiment was loaded from keeps ({@code model-best.npz} when the run kept the
     * epoch it reports, else {@code model.npz}), evaluating on this experiment's task (overrides may name another
     * task or a subset of the modalities).
     */
    public TrainedModel trained() {
        return trained("reported");
    }

    /** {@code which}: {@code final} ({@code model.npz}), {@code best} ({@code model-best.npz}) or {@code reported}. */
    public TrainedModel trained(String which) {
        if (runFolder == null) {
            throw new redreg.api.ConfigException("no trained model: this experiment was not loaded from a run folder");
        }
        return new TrainedModel(trainedAs, this, TrainedModel.modelFile(runFolder, which));
    }

    /** The run folder this experiment was loaded from, or null. */
    public Path runFolder() {
        return runFolder;
    }

    public static Experiment load(Path file, String... overrides) {
        return load(file, Arrays.asList(overrides));
    }

    /** From YAML text; relative paths ({@code extends}, data) resolve against {@code baseDir}. */
    public static Experiment fromYaml(String yaml, Path baseDir, String... overrides) {
        return new Experiment(YamlComposer.fromString(yaml, "<yaml>", baseDir, Arrays.asList(overrides)),
                Registry.discover());
    }

    /** From a config built in code. */
    public static Experiment of(ExperimentConfig config) {
        ObjectNode tree = (ObjectNode) Nodes.toNode(config);
        return new Experiment(new YamlComposer.Composed(tree, Provenance.none("<code>"), Path.of("").toAbsolutePath()),
                Registry.discover());
    }

    /** This experiment with more overrides. */
    public Experiment with(String... overrides) {
        ObjectNode copy = tree.deepCopy();
        YamlComposer.applyOverrides(copy, Arrays.asList(overrides), provenance);
        Experiment out = new Experiment(new YamlComposer.Composed(copy, provenance, baseDir), registry);
        out.runFolder = runFolder;
        out.trainedAs = trainedAs;
        return out;
    }

    public ExperimentConfig config() {
        return config;
    }

    /** The plug-ins' bound config records (defaults filled in). */
    public Record taskConfig() {
        return taskConfig;
    }

    public Record fusionConfig() {
        return fusionConfig;
    }

    public Record regulatorConfig() {
        return regulatorConfig;
    }

    /** The whole resolved config with every default filled in: what {@code config.yaml} of a run holds. */
    public ObjectNode resolvedConfig() {
        return resolved.deepCopy();
    }

    public Path baseDir() {
        return baseDir;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ObjectNode resolve() {
        ObjectNode r = (ObjectNode) Nodes.toNode(config);
        r.set("task", withName(config.task().name(), ((Plugin) taskProvider).effective(taskConfig)));
        r.set("fusion", withName(config.fusion().name(), ((Plugin) fusionProvider).effective(fusionConfig)));
        r.set("regulator", withName(config.regulator().name(), ((Plugin) regulatorProvider).effective(regulatorConfig)));
        EncoderSpec encoder = config.model().encoder();
        if (!encoder.kind().equals("auto")) {
            // a named encoder's defaults are part of the run (auto's depend on the task's ranks: kept as written)
            ObjectNode e = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            e.put("kind", encoder.kind());
            e.setAll((ObjectNode) Nodes.toNode(Registry.bind(registry.encoder(encoder, "model.encoder", provenance),
                    encoder.options(), "model.encoder", provenance)));
            e.put("featureSize", encoder.featureSize());
            ((ObjectNode) r.get("model")).set("encoder", e);
        }
        return r;
    }

    private static ObjectNode withName(String name, Record options) {
        ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.put("name", name);
        o.setAll((ObjectNode) Nodes.toNode(options));
        return o;
    }

    /** Hash of everything that changes the numbers (name and output section excluded): the run's key. */
    public String hash() {
        return hash;
    }

    /** {@code <output.dir>/<name>-<hash>}. */
    public Path runDir() {
        Path out = Path.of(config.output().dir());
        if (!out.isAbsolute()) {
            out = Path.of("").toAbsolutePath().resolve(out);
        }
        return out.resolve(config.name() + "-" + hash);
    }

    /** Builds the task alone (to inspect data without training). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Task createTask() {
        return createTask(taskContext());
    }

    /** Where the task runs: progress lines to standard error (as the console shows them), its reads recorded. */
    TaskContext taskContext() {
        return new TaskContext(config.seed(), baseDir, cacheDir());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Task createTask(TaskContext context) {
        org.nd4j.linalg.api.buffer.DataType type = dataType();
        org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(type, type);
        try {
            return ((TaskProvider) taskProvider).create(taskConfig, context);
        } catch (redreg.api.ConfigException e) {
            // issue 15: a task's problem with one of its keys (e.g. modalities missing from its data) names who set
            // task.<key>
            throw RecordBinder.locateKey(e, "task", provenance);
        }
    }

    /** A fresh fusion block for this experiment's fusion and options. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Fusion createFusion(FusionContext context) {
        return ((FusionProvider) fusionProvider).create(fusionConfig, context);
    }

    /** A fresh regulator (regulators keep per-run state) for this experiment's regulator and options. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Regulator createRegulator() {
        return ((RegulatorProvider) regulatorProvider).create(regulatorConfig);
    }

    /** {@code REDREG_CACHE} (unset or blank: {@code ~/.cache/redreg}); a file there would silently disable the cache. */
    private static Path cacheDir() {
        String env = System.getenv("REDREG_CACHE");
        if (env == null || env.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "redreg");
        }
        Path dir = Path.of(env);
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new redreg.api.ConfigException("REDREG_CACHE=" + env + ": expected a folder for the decoded-feature"
                    + " caches, got a file (point it at a folder, or unset it for ~/.cache/redreg)");
        }
        return dir;
    }

    /** The model's floating-point type ({@code model.dtype}). */
    public org.nd4j.linalg.api.buffer.DataType dataType() {
        return config.model().dtype().equals("double") ? org.nd4j.linalg.api.buffer.DataType.DOUBLE
                : org.nd4j.linalg.api.buffer.DataType.FLOAT;
    }

    /** Trains and evaluates, printing progress to {@code System.out}. */
    public RunResult run() {
        return run(System.out);
    }

    public RunResult run(PrintStream out) {
        return runIn(runDir(), out);
    }

    /** Trains and evaluates into the given run folder (a table's run store keys folders by {@link #hash()}). */
    public RunResult runIn(Path runDir, PrintStream out) {
        return runIn(runDir, out, List.of());
    }

    /**
     * Trains and evaluates into {@code runDir}, telling {@code listeners} (research code's own observers) about
     * every step and epoch besides the console and the run folder's files.
     */
    public RunResult runIn(Path runDir, PrintStream out, List<TrainingListener> listeners) {
        return new ExperimentRun(this).run(runDir, out, listeners);
    }

    /**
     * The engine's description of this experiment's run: a fresh task, fusion factory and regulator. The engine
     * reads only this record; {@code listeners} observe the run.
     */
    public RunSpec runSpec(List<TrainingListener> listeners) {
        // The CUDA build refuses a GPU its kernels cannot run (one line) before the task's data loads ND4J.
        CudaSupport.requireSupported();
        return runSpec(createTask(), listeners);
    }

    /** The same on a task of the caller's (runIn's, with its data reads recorded; a trained model's view). */
    RunSpec runSpec(Task task, List<TrainingListener> listeners) {
        ObjectiveSupport.require(task, config, registry, regulatorProvider, fusionProvider);
        return new RunSpec(config.seed(), task, this::createFusion, List.of(createRegulator()), encoders(task),
                dataType(), config.optimizer(), config.losses(), config.training(), listeners);
    }

    /** The encoder spec of each modality: {@code model.encoder} with {@code model.encoders.<modality>} merged on top. */
    public Map<String, EncoderSpec> encoderSpecs(Task task) {
        return encoders.specs(task);
    }

    /**
     * The encoder of each modality, its plug-in chosen ({@code auto}: from the sample's rank) and its keys bound:
     * what the engine builds.
     */
    public Map<String, ModalityEncoder> encoders(Task task) {
        return encoders.encoders(task);
    }
}
