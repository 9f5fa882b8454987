package redreg.api.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.TaskContext;
import redreg.api.TrainingListener;
import redreg.api.internal.config.RecordBinder;
import redreg.api.internal.config.YamlComposer;
import redreg.api.internal.engine.checkpoint.RunKeeper;
import redreg.api.internal.engine.loop.TrainingRun;
import redreg.api.internal.engine.runfiles.CodeFingerprint;
import redreg.api.internal.engine.runfiles.ConsoleObserver;
import redreg.api.internal.engine.runfiles.CudaSupport;
import redreg.api.internal.engine.runfiles.KernelBuild;
import redreg.api.internal.engine.runfiles.RunFiles;
import redreg.api.internal.engine.runfiles.RunFilesListener;

/** One run of an experiment into its folder: the run files, the checkpoint keeper, the banner and the summary line. */
final class ExperimentRun {
    private final Experiment experiment;
    private final ExperimentConfig config;
    private final String hash;

    ExperimentRun(Experiment experiment) {
        this.experiment = experiment;
        this.config = experiment.config;
        this.hash = experiment.hash;
    }

    /**
     * Trains and evaluates into {@code runDir}, telling {@code listeners} (research code's own observers) about
     * every step and epoch besides the console and the run folder's files.
     */
    RunResult run(Path runDir, PrintStream out, List<TrainingListener> listeners) {
        RunFiles files = new RunFiles(runDir);
        // The CUDA build refuses a GPU its kernels cannot run (one line) before anything loads ND4J.
        String gpus = CudaSupport.requireSupported(); // "" on the CPU build
        String kernels = KernelBuild.describe(); // same seed, same numbers per build
        RunRecord.Environment environment = ResultFile.environment();
        TaskContext taskContext = experiment.taskContext();
        // issue 14: the code that produced these numbers (content hashes of redreg.api and the plug-ins' modules),
        // so that a table reruns a result made by older code instead of reusing it.
        List<Class<?>> code = new java.util.ArrayList<>(List.of(experiment.taskProvider.getClass(),
                experiment.fusionProvider.getClass(), experiment.regulatorProvider.getClass()));
        // an encoder plug-in's module too (auto picks built-ins of redreg.api)
        code.addAll(experiment.encoders.providerClasses());
        Map<String, String> fingerprint = CodeFingerprint.of(code.toArray(Class<?>[]::new));
        ResultFile result = new ResultFile(files, new ResultFile.Header(config.name(), hash, config.seed(), kernels,
                config.training().select(), experiment.resolved, fingerprint, environment,
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
            run = new TrainingRun(experiment.runSpec(experiment.createTask(taskContext), all));
            run.start();
        } catch (redreg.api.ConfigException e) {
            // a plug-in's check that names its full key (fusion.gate, regulator.modalities): who set that key
            throw RecordBinder.attribute(e, experiment.provenance);
        }
        // a checkpoint of other code (or another config) is not resumed
        RunKeeper keeper = new RunKeeper(runDir, progress, config.training(), config.output().saveModel(),
                modelIndex(run.task(), fingerprint), files::log);
        run.keep(keeper);
        files.writeText("config.yaml", YamlComposer.toYaml(experiment.resolved));
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
        index.put("baseDir", experiment.baseDir.toAbsolutePath().toString());
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
}
