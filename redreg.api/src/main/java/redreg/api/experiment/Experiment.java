package redreg.api.experiment;

import redreg.api.config.EncoderSpec;
import redreg.api.EncoderProvider;
import redreg.api.ModalityEncoder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redreg.api.ConfigException;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.Plugin;
import redreg.api.Regulator;
import redreg.api.FusionProvider;
import redreg.api.ModalitySpec;
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
import redreg.api.internal.engine.checkpoint.RunKeeper;
import redreg.api.internal.engine.loop.TrainingRun;
import redreg.api.internal.engine.runfiles.CodeFingerprint;
import redreg.api.internal.engine.runfiles.CudaSupport;
import redreg.api.internal.engine.runfiles.ConsoleObserver;
import redreg.api.internal.engine.runfiles.KernelBuild;
import redreg.api.internal.engine.runfiles.RunFiles;
import redreg.api.internal.engine.runfiles.RunFilesListener;
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
    private final Provenance provenance;
    private final Path baseDir;
    private final Registry registry;
    private final ExperimentConfig config;
    private final Record taskConfig;
    private final Record fusionConfig;
    private final Record regulatorConfig;
    private final TaskProvider<?> taskProvider;
    private final FusionProvider<?> fusionProvider;
    private final RegulatorProvider<?> regulatorProvider;
    private final ObjectNode resolved;
    private final String hash;
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
        // issue 15: per-modality encoder keys are checked now (their modality names once the task is built)
        checkEncoder(config.model().encoder(), "model.encoder");
        if (config.model().encoders() != null) {
            config.model().encoders().fields().forEachRemaining(e -> {
                EncoderSpec merged = RecordBinder.encoderSpec(config.model().encoder(), e.getValue(),
                        "model.encoders." + e.getKey(), provenance);
                if (!merged.kind().equals("auto")) {
                    registry.modalityEncoder(null, merged, "model.encoders." + e.getKey(), provenance,
                            shared(e.getValue()));
                }
            });
        }
        this.resolved = resolve();
        this.hash = computeHash();
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

    /**
     * Keys added later (section.key) and the values every run had before them (a task's target: synthetic's
     * classification, cmu-mosi's binary); at such a value the key stays out of the hash.
     */
    private static final Map<String, java.util.Set<String>> LATER_KEYS = Map.of("losses.regression",
            java.util.Set.of("mse"), "task.target", java.util.Set.of("classification", "binary"));

    /** Hash of everything that changes the numbers (name and output section excluded): the run's key. */
    public String hash() {
        return hash;
    }

    private String computeHash() {
        ObjectNode keyed = resolved.deepCopy();
        keyed.remove("output");
        keyed.remove("name");
        // when checkpoints are written does not change the numbers (and older runs keep their hashes)
        if (keyed.get("training") instanceof ObjectNode training) {
            training.remove("checkpointEvery");
        }
        // keys added after runs were made (issue 19's objectives) stay out at the value that was implied before
        // them, so those runs keep their folders
        LATER_KEYS.forEach((key, implied) -> {
            int dot = key.indexOf('.');
            if (keyed.get(key.substring(0, dot)) instanceof ObjectNode section
                    && implied.contains(section.path(key.substring(dot + 1)).asText(""))) {
                section.remove(key.substring(dot + 1));
            }
        });
        try {
            byte[] json = RunFiles.JSON.writeValueAsString(keyed).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 12);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
    private TaskContext taskContext() {
        return new TaskContext(config.seed(), baseDir, cacheDir());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Task createTask(TaskContext context) {
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
        RunFiles files = new RunFiles(runDir);
        // The CUDA build refuses a GPU its kernels cannot run (one line) before anything loads ND4J.
        String gpus = CudaSupport.requireSupported(); // "" on the CPU build
        String kernels = KernelBuild.describe(); // same seed, same numbers per build
        RunRecord.Environment environment = ResultFile.environment();
        TaskContext taskContext = taskContext();
        // issue 14: the code that produced these numbers (content hashes of redreg.api and the plug-ins' modules),
        // so that a table reruns a result made by older code instead of reusing it.
        List<Class<?>> code = new java.util.ArrayList<>(List.of(taskProvider.getClass(), fusionProvider.getClass(),
                regulatorProvider.getClass()));
        code.addAll(encoderClasses()); // an encoder plug-in's module too (auto picks built-ins of redreg.api)
        Map<String, String> fingerprint = CodeFingerprint.of(code.toArray(Class<?>[]::new));
        ResultFile result = new ResultFile(files, new ResultFile.Header(config.name(), hash, config.seed(), kernels,
                config.training().select(), resolved, fingerprint, environment,
                () -> new DataFileHashes(taskContext.cacheDir()).of(taskContext.reads().files())));
        List<TrainingListener> all = new java.util.ArrayList<>();
        all.add(new ConsoleObserver(config.name(), config.output().progress(), files, out));
        RunFilesListener progress = new RunFilesListener(files);
        all.add(progress);
        all.add(result);
        all.addAll(listeners);
        // Built and started before anything is written: a task, fusion or regulator that rejects the run (its
        // options, its fusion, the modalities, a missing validation part) leaves no half run folder.
        TrainingRun run;
        try {
            run = new TrainingRun(runSpec(createTask(taskContext), all));
            run.start();
        } catch (redreg.api.ConfigException e) {
            // a plug-in's check that names its full key (fusion.gate, regulator.modalities): who set that key
            throw RecordBinder.attribute(e, provenance);
        }
        // a checkpoint of other code (or another config) is not resumed
        RunKeeper keeper = new RunKeeper(runDir, progress, config.training(), config.output().saveModel(),
                modelIndex(run.task(), fingerprint), files::log);
        run.keep(keeper);
        files.writeText("config.yaml", YamlComposer.toYaml(resolved));
        // ND4J's own start-up chatter is silenced (logback.xml); this is the one line about the backend.
        String banner = String.format(java.util.Locale.ROOT,
                "%s: task %s, fusion %s, regulator %s, seed %d on ND4J %s, kernels %s (%s threads)%s",
                config.name(), config.task().name(), config.fusion().name(), config.regulator().name(), config.seed(),
                org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName(), kernels, environment.threads(),
                gpus.isEmpty() ? "" : ", " + gpus);
        out.println(banner);
        files.log(banner);
        TrainingRun.Outcome raw = run.run();
        RunResult r = new RunResult(runDir, hash, raw.epochs(), raw.finalMetrics(), raw.msPerStep(), raw.diverged());
        keeper.done(); // result.json is written (when the run ended): the checkpoint has served
        if (r.diverged() != null) {
            out.println(config.name() + ": DIVERGED (" + r.diverged() + ")");
        }
        out.println(summary(r) + (run.modelBytes() > 0
                ? String.format(java.util.Locale.ROOT, " (model %.1f MB)", run.modelBytes() / 1e6) : ""));
        return r;
    }

    /** What the run's model files and checkpoints say about it (index.json): enough to rebuild and check it. */
    private ObjectNode modelIndex(Task task, Map<String, String> fingerprint) {
        ObjectNode index = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        index.put("name", config.name());
        index.put("hash", hash);
        index.set("fingerprint", RunFiles.JSON.valueToTree(fingerprint));
        index.put("baseDir", baseDir.toAbsolutePath().toString());
        index.put("dtype", config.model().dtype());
        var modalities = index.putArray("modalities");
        for (ModalitySpec m : task.modalities()) {
            var one = modalities.addObject().put("name", m.name());
            var shape = one.putArray("shape");
            for (long d : m.shape()) {
                shape.add(d);
            }
        }
        var classes = index.putArray("classes");
        task.classes().forEach(classes::add);
        if (!(task.objective() instanceof redreg.api.Objective.Classification)) {
            index.put("target", task.objective().target()); // absent: classification (model files before issue 19)
        }
        return index;
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
        requireSupported(task.objective());
        return new RunSpec(config.seed(), task, this::createFusion, List.of(createRegulator()), encoders(task),
                dataType(), config.optimizer(), config.losses(), config.training(), listeners);
    }

    /** A regulator defined on class probabilities refuses a regression task: one line, before anything trains. */
    private void requireSupported(redreg.api.Objective objective) {
        if (regulatorProvider.supports(objective)) {
            return;
        }
        List<String> accepting = registry.regulators().stream().filter(p -> p.supports(objective))
                .map(Plugin::name).sorted().toList();
        throw new ConfigException("regulator " + config.regulator().name() + " does not support task "
                + config.task().name() + "'s target " + objective.target() + " (it is defined on "
                + (objective instanceof redreg.api.Objective.Regression ? "class probabilities" : "real-valued targets")
                + "); regulators for target " + objective.target() + ": "
                + (accepting.isEmpty() ? "none" : String.join(", ", accepting)));
    }

    private String summary(RunResult r) {
        // the test metrics in the objective's order (accuracy, macroF1, accuracy.<m>; mae, mse, pearson, …, mae.<m>)
        StringBuilder sb = new StringBuilder(config.name() + ":");
        r.finalMetrics().forEach((k, v) -> {
            if (!k.startsWith("val.")) {
                sb.append(String.format(java.util.Locale.ROOT, (sb.length() == config.name().length() + 1 ? " " : "  ")
                        + "%s %.4f", k, v));
            }
        });
        sb.append(String.format(java.util.Locale.ROOT, "  (%.1f ms/step) -> %s", r.msPerStep(), r.runDir()));
        return sb.toString();
    }

    /** The provider classes of the encoder kinds this experiment names. */
    private List<Class<?>> encoderClasses() {
        java.util.Set<String> kinds = new java.util.LinkedHashSet<>(List.of(config.model().encoder().kind()));
        if (config.model().encoders() != null) {
            config.model().encoders().forEach(n -> {
                if (n.has("kind")) {
                    kinds.add(n.get("kind").asText());
                }
            });
        }
        return registry.encoders().stream().filter(p -> kinds.contains(p.name()))
                .<Class<?>>map(Object::getClass).toList();
    }

    /** An encoder kind names a plug-in (or auto); a named one's keys bind onto its config now. */
    private void checkEncoder(EncoderSpec spec, String path) {
        if (spec.kind().equals("auto")) {
            return;
        }
        Registry.bind(registry.encoder(spec, path, provenance), spec.options(), path, provenance);
    }

    /** The keys a modality inherits from {@code model.encoder} (those its own block does not set). */
    private java.util.Set<String> shared(JsonNode own) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        config.model().encoder().options().fieldNames().forEachRemaining(keys::add);
        if (own != null) {
            own.fieldNames().forEachRemaining(keys::remove);
        }
        return keys;
    }

    /** The encoder spec of each modality: {@code model.encoder} with {@code model.encoders.<modality>} merged on top. */
    public Map<String, EncoderSpec> encoderSpecs(Task task) {
        List<String> names = task.modalities().stream().map(ModalitySpec::name).toList();
        ObjectNode perModality = config.model().encoders();
        if (perModality != null) {
            perModality.fieldNames().forEachRemaining(m -> {
                if (!names.contains(m)) {
                    throw RecordBinder.error(provenance, "model.encoders." + m,
                            "unknown modality; this task's modalities: " + String.join(", ", names));
                }
            });
        }
        Map<String, EncoderSpec> out = new LinkedHashMap<>();
        for (String m : names) {
            JsonNode node = perModality == null ? null : perModality.get(m);
            out.put(m, node == null ? config.model().encoder()
                    : RecordBinder.encoderSpec(config.model().encoder(), node, "model.encoders." + m, provenance));
        }
        return out;
    }

    /**
     * The encoder of each modality, its plug-in chosen ({@code auto}: from the sample's rank) and its keys bound:
     * what the engine builds.
     */
    public Map<String, ModalityEncoder> encoders(Task task) {
        Map<String, EncoderSpec> specs = encoderSpecs(task);
        Map<String, ModalityEncoder> out = new LinkedHashMap<>();
        ObjectNode perModality = config.model().encoders();
        for (ModalitySpec m : task.modalities()) {
            EncoderSpec spec = specs.get(m.name());
            String path = perModality != null && perModality.has(m.name()) ? "model.encoders." + m.name()
                    : "model.encoder";
            out.put(m.name(), registry.modalityEncoder(m, spec, path, provenance,
                    shared(perModality == null ? null : perModality.get(m.name()))));
        }
        // a shared key some encoder skips is fine; one that no modality's encoder takes is a mistake
        config.model().encoder().options().fieldNames().forEachRemaining(key -> {
            boolean taken = out.values().stream().anyMatch(e -> java.util.Arrays.stream(
                    e.provider().configType().getRecordComponents()).anyMatch(c -> c.getName().equals(key)));
            if (!taken) {
                throw RecordBinder.error(provenance, "model.encoder." + key, "no modality's encoder takes this key"
                        + " (encoders: " + out.values().stream().map(ModalityEncoder::kind).distinct()
                        .collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        });
        return out;
    }
}
