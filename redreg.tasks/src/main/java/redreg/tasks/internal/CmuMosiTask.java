package redreg.tasks.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redreg.api.ConfigException;
import redreg.api.InMemorySplit;
import redreg.api.ModalitySpec;
import redreg.api.Objective;
import redreg.api.Task;
import redreg.api.BasicPlugin;
import redreg.api.TaskContext;
import redreg.api.TaskProvider;
import redreg.api.Tasks;
import redreg.tasks.CmuMosiConfig;
import redreg.tasks.internal.io.Npy;
import redreg.tasks.internal.pickle.NumpyPickle;

/**
 * {@code cmu-mosi}: the MulT pickle read directly, −inf cleaned to 0; binary sentiment (label ≥ 0), seven classes
 * (the rounded, clipped score) or the score itself ({@code target}).
 */
public final class CmuMosiTask extends LoadedTask<InMemorySplit> {

    CmuMosiTask(CmuMosiConfig c, TaskContext context) {
        switch (c.target()) {
            case BINARY -> classes.addAll(List.of("negative", "positive"));
            case SEVEN_CLASS -> classes.addAll(List.of("-3", "-2", "-1", "0", "1", "2", "3"));
            case REGRESSION -> objective = Objective.sentimentRegression();
        }
        if (c.path() == null || c.path().isBlank()) {
            throw ConfigException.at("path", "expected the MulT pickle file (e.g. mosi_data.pkl)");
        }
        Path file = context.resolve(c.path());
        Object root = NumpyPickle.load(context.read(file));
        if (!(root instanceof Map<?, ?> splits)) {
            throw new ConfigException(file + ": expected a dict of train/valid/test, got a "
                    + (root == null ? "None" : root.getClass().getSimpleName()));
        }
        this.train = split(file, splits, c.trainSplit(), c, null, context);
        for (String m : c.modalities()) {
            long[] s = train.features(m).shape();
            modalities.add(new ModalitySpec(m, Arrays.copyOfRange(s, 1, s.length)));
        }
        this.test = split(file, splits, c.testSplit(), c, modalities, context);
    }

    private InMemorySplit split(Path file, Map<?, ?> splits, String name, CmuMosiConfig c, List<ModalitySpec> expect,
                                TaskContext context) {
        Object s = splits.get(name);
        if (!(s instanceof Map<?, ?> arrays)) {
            throw new ConfigException(file + ": no split '" + name + "' (expected a dict under one of "
                    + new java.util.TreeSet<>(splits.keySet().stream().map(String::valueOf).toList()) + ")");
        }
        String where = file + " [" + name + "]";
        Npy.Array labelsArray = array(arrays, "labels", where);
        double[] raw = labelsArray.doubles();
        int n = (int) labelsArray.shape()[0];
        if (n == 0) {
            throw new ConfigException(where + "['labels']: empty split (0 samples; expected at least one)");
        }
        if (raw.length != n) {
            throw new ConfigException(where + "['labels']: expected one label a sample, shape [N] or [N, 1, 1], got "
                    + Npy.shapeText(labelsArray.shape()));
        }
        BadSamples bad = new BadSamples("cmu-mosi", c.skipBadSamples(), context);
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(raw[i])) {
                bad.bad(where + "['labels']: sample " + i + " has label " + raw[i] + " (expected a number in [-3, 3])");
                keep[i] = false;
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int mi = 0; mi < c.modalities().size(); mi++) {
            String m = c.modalities().get(mi);
            Npy.Array a = array(arrays, m, where);
            long[] shape = a.shape();
            if (shape.length != 3 || shape[0] != n) {
                throw new ConfigException(where + "['" + m + "']: expected [N, T, D] with N = " + n
                        + " (as in labels), got shape " + Npy.shapeText(shape));
            }
            if (expect != null && !Arrays.equals(expect.get(mi).shape(), Arrays.copyOfRange(shape, 1, 3))) {
                throw new ConfigException(where + "['" + m + "']: expected samples of shape "
                        + Npy.shapeText(expect.get(mi).shape()) + " (as in the training split), got "
                        + Npy.shapeText(Arrays.copyOfRange(shape, 1, 3)));
            }
            float[] v = a.floats();
            int per = (int) (shape[1] * shape[2]);
            for (int i = 0; i < n; i++) {
                for (int k = i * per; k < (i + 1) * per; k++) {
                    if (v[k] == Float.NEGATIVE_INFINITY) {
                        v[k] = 0f; // as the reference: audio[audio == -inf] = 0
                    } else if (!Float.isFinite(v[k]) && keep[i]) {
                        bad.bad(where + "['" + m + "']: sample " + i + " holds " + v[k] + " (expected finite values)");
                        keep[i] = false;
                    }
                }
            }
            tensors.put(m, new Tensor(v, shape));
        }
        report(bad, name, n);
        int[] kept = java.util.stream.IntStream.range(0, n).filter(i -> keep[i]).toArray();
        if (kept.length == 0) {
            throw new ConfigException(where + ": empty split (every sample was skipped as bad)");
        }
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> features = new LinkedHashMap<>();
        tensors.forEach((k, t) -> features.put(k, (kept.length == n ? t : t.select(kept)).toNd4j()));
        return switch (c.target()) {
            case BINARY -> new InMemorySplit(features, Arrays.stream(kept).map(i -> raw[i] >= 0 ? 1 : 0).toArray());
            case SEVEN_CLASS -> new InMemorySplit(features, Arrays.stream(kept)
                    .map(i -> Objective.Regression.sentimentClass(raw[i]) + 3).toArray());
            case REGRESSION -> new InMemorySplit(features, Arrays.stream(kept).mapToDouble(i -> raw[i]).toArray());
        };
    }

    private static Npy.Array array(Map<?, ?> arrays, String key, String where) {
        Object a = arrays.get(key);
        if (a == null) {
            throw new ConfigException(where + ": no array '" + key + "' (expected keys text, audio, vision, labels;"
                    + " found " + new java.util.TreeSet<>(arrays.keySet().stream().map(String::valueOf).toList()) + ")");
        }
        if (!(a instanceof NumpyPickle.NumpyArray nd)) {
            throw new ConfigException(where + "['" + key + "']: expected a NumPy array, got a "
                    + a.getClass().getSimpleName());
        }
        return nd.toNpy(where + "['" + key + "']");
    }

    /** Registered as {@code cmu-mosi}. */
    public static final class Provider extends BasicPlugin<CmuMosiConfig> implements TaskProvider<CmuMosiConfig> {
        public Provider() {
            super("cmu-mosi", "CMU-MOSI, MulT pickle (text/audio/vision sequences): sentiment y >= 0, 7 classes, or the score",
                    CmuMosiConfig.class, CmuMosiConfig::defaults);
        }

        @Override
        public Task create(CmuMosiConfig config, TaskContext context) {
            return Tasks.prepare(new CmuMosiTask(config, context), null, config.standardize());
        }
    }
}
