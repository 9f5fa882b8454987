package redreg.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redreg.api.ConfigException;
import redreg.api.InMemorySplit;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.BasicPlugin;
import redreg.api.TaskContext;
import redreg.api.TaskProvider;
import redreg.api.experiment.Configs;
import redreg.api.Tasks;
import redreg.tasks.NpyFolderConfig;
import redreg.tasks.internal.io.Npy;

/**
 * {@code npy-folder}: dataset.yaml + one .npy per split and modality + labels.npy (class indices; with
 * {@code target: regression} in dataset.yaml, one float target a sample).
 */
public final class NpyFolderTask extends LoadedTask<InMemorySplit> {
    private static final java.util.Set<String> KEYS = java.util.Set.of("classes", "modalities", "target");
    private boolean regression;

    NpyFolderTask(NpyFolderConfig c, TaskContext context) {
        if (c.path() == null || c.path().isBlank()) {
            throw ConfigException.at("path", "expected the dataset folder (holding dataset.yaml)");
        }
        Path root = context.resolve(c.path());
        Path yaml = root.resolve("dataset.yaml");
        if (!Files.isRegularFile(yaml)) {
            throw new ConfigException(yaml + ": file not found (expected dataset.yaml with classes and modalities)");
        }
        JsonNode doc = Configs.readYaml(context.read(yaml));
        if (doc == null || !doc.isObject()) {
            throw new ConfigException(yaml + ": expected a mapping with classes and modalities");
        }
        doc.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new ConfigException(yaml + ": unknown key '" + k + "'; valid keys: classes, modalities, target");
            }
        });
        String target = doc.path("target").asText("classification");
        if (!target.equals("classification") && !target.equals("regression")) {
            throw new ConfigException(yaml + ": target: unknown value '" + target
                    + "'; valid values: classification, regression");
        }
        regression = target.equals("regression");
        if (regression) {
            if (doc.has("classes")) {
                throw new ConfigException(yaml + ": classes: a regression target has no classes (remove the key, or"
                        + " set target: classification)");
            }
            objective = redreg.api.Objective.regression();
        } else {
            readClasses(doc, yaml);
        }
        readModalities(doc, yaml, c, context, root);
    }

    private void readClasses(JsonNode doc, Path yaml) {
        JsonNode cls = doc.get("classes");
        if (cls == null || !cls.isArray() || cls.size() < 2) {
            throw new ConfigException(yaml + ": classes: expected a list of at least 2 class names");
        }
        for (int i = 0; i < cls.size(); i++) {
            JsonNode n = cls.get(i);
            if (!n.isValueNode() || n.isNull() || n.asText().isBlank()) {
                throw new ConfigException(yaml + ": classes[" + i + "]: expected a class name, got " + n);
            }
            if (classes.contains(n.asText())) {
                throw new ConfigException(yaml + ": classes[" + i + "]: the class '" + n.asText() + "' is listed twice");
            }
            classes.add(n.asText());
        }
    }

    private void readModalities(JsonNode doc, Path yaml, NpyFolderConfig c, TaskContext context, Path root) {
        JsonNode mods = doc.get("modalities");
        if (mods == null || !mods.isArray() || mods.isEmpty()) {
            throw new ConfigException(yaml + ": modalities: expected a list of modalities, e.g. [{name: audio}]");
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < mods.size(); i++) {
            JsonNode m = mods.get(i);
            String where = yaml + ": modalities[" + i + "]";
            if (m.isObject()) {
                m.fieldNames().forEachRemaining(k -> {
                    if (!k.equals("name")) {
                        throw new ConfigException(where + "." + k + ": unknown key; valid keys: name");
                    }
                });
            }
            String name = m.isTextual() ? m.asText() : m.path("name").asText("");
            if (name.isEmpty() || !name.matches("[A-Za-z0-9_.-]+")) {
                throw new ConfigException(where + ": expected a name (letters, digits, _ . -), got " + m);
            }
            if (all.contains(name)) {
                throw new ConfigException(where + ": '" + name + "' is listed twice");
            }
            all.add(name);
        }
        List<String> names = Tasks.checkModalities(c.modalities(), all);
        BadSamples bad = new BadSamples("npy-folder", c.skipBadSamples(), context);
        this.train = load(root.resolve(c.trainSplit()), names, null, bad, context);
        bad.reset();
        for (String n : names) {
            modalities.add(new ModalitySpec(n, sampleShape(train.features(n).shape())));
        }
        this.test = load(root.resolve(c.testSplit()), names, modalities, bad, context);
    }

    private static long[] sampleShape(long[] full) {
        return Arrays.copyOfRange(full, 1, full.length);
    }

    private InMemorySplit load(Path dir, List<String> names, List<ModalitySpec> expected, BadSamples bad,
                               TaskContext context) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir + ": split folder not found (expected labels.npy and "
                    + String.join(".npy, ", names) + ".npy)");
        }
        Npy.Array labelsArray = Npy.read(context.read(dir.resolve("labels.npy")));
        if (regression && labelsArray.kind() != 'f') {
            throw new ConfigException(labelsArray.file() + ": expected float targets [N] (dataset.yaml says target:"
                    + " regression), got dtype " + labelsArray.dtype());
        }
        if (!regression && labelsArray.kind() == 'f') {
            throw new ConfigException(labelsArray.file() + ": expected integer class indices [N], got dtype "
                    + labelsArray.dtype() + " (for real-valued targets set target: regression in dataset.yaml)");
        }
        labelsArray.expect(regression ? "float targets" : "class indices", regression ? "f" : "iu", -1);
        long[] labels = regression ? new long[(int) labelsArray.size()] : labelsArray.longs();
        double[] targets = regression ? labelsArray.doubles() : null;
        if (labels.length == 0) {
            throw new ConfigException(labelsArray.file() + ": empty split (0 samples; expected at least one)");
        }
        int n = labels.length;
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        for (int i = 0; i < n; i++) {
            if (regression && !Double.isFinite(targets[i])) {
                bad.bad(labelsArray.file() + ": target " + targets[i] + " of sample " + i + " is not finite");
                keep[i] = false;
            } else if (!regression && (labels[i] < 0 || labels[i] >= classes.size())) {
                bad.bad(labelsArray.file() + ": label " + labels[i] + " of sample " + i
                        + " is outside the class list (expected 0.." + (classes.size() - 1) + ")");
                keep[i] = false;
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int mi = 0; mi < names.size(); mi++) {
            String name = names.get(mi);
            Npy.Array a = Npy.read(context.read(dir.resolve(name + ".npy")));
            if (a.kind() != 'f') {
                throw new ConfigException(a.file() + ": expected float32 features [N, ...], got dtype " + a.dtype());
            }
            long[] shape = a.shape();
            if (shape.length < 2 || shape.length > 4) {
                throw new ConfigException(a.file() + ": expected features of shape [N, D], [N, T, D] or [N, C, H, W],"
                        + " got shape " + Npy.shapeText(shape));
            }
            if (shape[0] != n) {
                throw new ConfigException(a.file() + ": expected " + n + " samples (as in labels.npy), got shape "
                        + Npy.shapeText(shape));
            }
            if (expected != null && !Arrays.equals(expected.get(mi).shape(), sampleShape(shape))) {
                throw new ConfigException(a.file() + ": expected samples of shape "
                        + Npy.shapeText(expected.get(mi).shape()) + " (as in the training split), got "
                        + Npy.shapeText(sampleShape(shape)));
            }
            Tensor t = new Tensor(a.floats(), shape);
            int size = t.sampleSize();
            for (int i = 0; i < n; i++) {
                if (!keep[i]) {
                    continue;
                }
                for (int k = i * size; k < (i + 1) * size; k++) {
                    if (!Float.isFinite(t.data()[k])) {
                        bad.bad(a.file() + ": sample " + i + " holds a non-finite value (" + t.data()[k]
                                + "; expected finite floats)");
                        keep[i] = false;
                        break;
                    }
                }
            }
            tensors.put(name, t);
        }
        int[] kept = java.util.stream.IntStream.range(0, n).filter(i -> keep[i]).toArray();
        report(bad, dir.getFileName().toString(), n);
        if (kept.length == 0) {
            throw new ConfigException(dir + ": empty split (every sample was skipped as bad)");
        }
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> features = new LinkedHashMap<>();
        tensors.forEach((k, t) -> features.put(k, (kept.length == n ? t : t.select(kept)).toNd4j()));
        if (regression) {
            return new InMemorySplit(features, Arrays.stream(kept).mapToDouble(i -> targets[i]).toArray());
        }
        int[] y = Arrays.stream(kept).map(i -> (int) labels[i]).toArray();
        return new InMemorySplit(features, y);
    }

    /** Registered as {@code npy-folder}. */
    public static final class Provider extends BasicPlugin<NpyFolderConfig> implements TaskProvider<NpyFolderConfig> {
        public Provider() {
            super("npy-folder", "dataset.yaml + <split>/<modality>.npy (float [N, ...]) + <split>/labels.npy",
                    NpyFolderConfig.class, NpyFolderConfig::defaults);
        }

        @Override
        public Task create(NpyFolderConfig config, TaskContext context) {
            // the modality subset is read natively (the other files are not loaded)
            return Tasks.prepare(new NpyFolderTask(config, context), null, config.standardize());
        }
    }
}
