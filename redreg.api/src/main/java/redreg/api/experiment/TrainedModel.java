package redreg.api.experiment;

import redreg.api.stability.Experimental;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Batch;
import redreg.api.ConfigException;
import redreg.api.DataPart;
import redreg.api.DataSplit;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.internal.engine.loop.TrainingRun;
import redreg.api.internal.engine.checkpoint.Archive;
import redreg.api.internal.engine.checkpoint.ModelFile;
import redreg.api.internal.engine.checkpoint.ModelFiles;

/**
 * A trained model read back from a run folder ({@link Experiment#trained()}): predicts, evaluates on the run's
 * splits or on another task with the same modalities (a subset too: missing modalities are fed as zeros), and gives
 * each sample's pooled features and the fused representation (the paper's Fig. 6).
 *
 * <pre>{@code
 * TrainedModel m = Experiment.load(Path.of("runs/default-8aff56a24aec")).trained();
 * Map<String, Double> metrics = m.evaluate();          // equals result.json's metrics
 * Map<String, INDArray> logits = m.predict(inputs);    // "fused" and one entry per modality
 * }</pre>
 */
@Experimental(since = "0.1", why = "model files and their reading are new")
public final class TrainedModel {
    private final Path file;
    private final JsonNode index;
    private final CoveringTask task;
    private final TrainingRun run;
    private final int evalBatchSize;

    TrainedModel(Experiment trained, Experiment evaluated, Path file) {
        this.file = file;
        Archive archive = ModelFile.read(file);
        this.index = archive.index();
        List<ModalitySpec> specs = new ArrayList<>();
        index.path("modalities").forEach(m -> {
            long[] shape = new long[m.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = m.path("shape").get(i).asLong();
            }
            specs.add(new ModalitySpec(m.path("name").asText(), shape));
        });
        redreg.api.internal.engine.runfiles.CudaSupport.requireSupported();
        this.task = new CoveringTask(evaluated.createTask(), specs, index.path("classes").size(), trained.dataType());
        String target = index.path("target").asText("classification");
        if (!target.equals(task.objective().target())) {
            throw new redreg.api.ConfigException("task: target " + task.objective().target() + ", the model was trained"
                    + " for target " + target);
        }
        // the model is built from the run's own config (its encoders, fusion, seed), then every tensor is replaced
        this.run = new TrainingRun(trained.runSpec(task, List.of()));
        ModelFile.restore(archive, run.model(), file);
        this.evalBatchSize = trained.config().training().evalBatchSize();
    }

    /** The model file read. */
    public Path file() {
        return file;
    }

    /** The epoch (from 0) whose end the model is from. */
    public int epoch() {
        return index.path("epoch").asInt();
    }

    public List<String> modalities() {
        return run.model().modalities();
    }

    /** The task it evaluates on, seen with the model's modalities. */
    public Task task() {
        return task;
    }

    /**
     * The metrics a run reports after an epoch: on the test split {@code accuracy}, {@code macroF1},
     * {@code accuracy.<modality>}; with a validation part the same on it, prefixed {@code val.}.
     */
    public Map<String, Double> evaluate() {
        return run.epochMetrics();
    }

    /** The same metrics on one split. */
    public Map<String, Double> evaluate(DataSplit split) {
        return run.evaluate(split);
    }

    /** A split of the task by name: {@code test}, {@code train} (the part trained on) or {@code validation}. */
    public DataSplit split(String name) {
        return switch (name) {
            case "test" -> task.test();
            case "train" -> run.part(DataPart.TRAIN);
            case "validation" -> {
                DataSplit v = run.part(DataPart.VALIDATION);
                if (v.size() == 0) {
                    throw new ConfigException("split: the run has no validation part (training.validation: 0)");
                }
                yield v;
            }
            default -> throw new ConfigException("split: unknown split '" + name + "'; valid splits: test, train, validation");
        };
    }

    /** Evaluation-mode logits of a batch: {@code fused} and one entry per modality's head. */
    public Map<String, INDArray> predict(Map<String, INDArray> inputs) {
        return run.model().predict(inputs);
    }

    /**
     * Every sample's pooled features per modality [N, d_m], the fused representation [N, D] (what the fused head
     * classifies) and the labels, in the split's order, in evaluation mode.
     */
    public Features features(DataSplit split) {
        var model = run.model();
        int n = split.size();
        Map<String, List<INDArray>> parts = new LinkedHashMap<>();
        model.modalities().forEach(m -> parts.put(m, new ArrayList<>()));
        List<INDArray> fused = new ArrayList<>();
        double[] targets = task.objective() instanceof redreg.api.Objective.Regression ? new double[n] : null;
        for (int start = 0; start < n; start += evalBatchSize) {
            int end = Math.min(n, start + evalBatchSize);
            int[] idx = new int[end - start];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            Batch b = split.batch(idx, false, null);
            if (targets != null) {
                System.arraycopy(b.targets(), 0, targets, start, idx.length);
            }
            List<INDArray> z = model.encodeFeatures(b.inputs(), false);
            for (int i = 0; i < z.size(); i++) {
                parts.get(model.modalities().get(i)).add(z.get(i).dup());
            }
            fused.add(model.fusion().representation(z).dup());
        }
        Map<String, INDArray> features = new LinkedHashMap<>();
        parts.forEach((m, rows) -> features.put(m, Nd4j.vstack(rows.toArray(new INDArray[0]))));
        return new Features(features, Nd4j.vstack(fused.toArray(new INDArray[0])), split.labels().clone(),
                targets);
    }

    /**
     * Pooled features of a split.
     *
     * @param modalities per modality, one row per sample [N, d_m]
     * @param fused      the fused representation [N, D]
     * @param labels     each sample's class (all 0 on a regression task)
     * @param targets    each sample's real target on a regression task; null on a classification task
     */
    @Experimental(since = "0.1", why = "model files and their reading are new")
    public record Features(Map<String, INDArray> modalities, INDArray fused, int[] labels, double[] targets) {
        /** A classification's features. */
        public Features(Map<String, INDArray> modalities, INDArray fused, int[] labels) {
            this(modalities, fused, labels, null);
        }
    }

    /** The model file of a run folder: {@code which} is {@code final}, {@code best} or {@code reported}. */
    static Path modelFile(Path runDir, String which) {
        Path last = runDir.resolve(ModelFiles.FINAL);
        Path best = runDir.resolve(ModelFiles.BEST);
        Path chosen = switch (which) {
            case "final" -> last;
            case "best" -> best;
            case "reported" -> Files.exists(best) ? best : last;
            default -> throw new ConfigException("model: unknown value '" + which + "'; valid values: final, best, reported");
        };
        if (!Files.exists(chosen)) {
            throw new ConfigException("no model file " + chosen + " (the run kept "
                    + (Files.exists(last) || Files.exists(best) ? "only " + (Files.exists(last) ? last : best).getFileName()
                    : "no model: output.saveModel none, or a run of an older version") + ")");
        }
        return chosen;
    }
}
