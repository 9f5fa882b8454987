package redreg.tasks.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redreg.api.InMemorySplit;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.BasicPlugin;
import redreg.api.TaskContext;
import redreg.api.TaskProvider;
import redreg.api.Tasks;
import redreg.tasks.AvDigitsConfig;
import redreg.tasks.internal.io.Npy;

/**
 * av-digits: the embedded resource ({@link AvDigitsSource}) paired, degraded and turned into features at load time
 * ({@link AvDigitsFeatures}); the features are cached under the task context's cache directory.
 */
public final class AvDigitsTask extends LoadedTask<InMemorySplit> {
    /** How the features were obtained, for the run log and the docs: "built in … s" or "loaded from cache in … s". */
    private final String loadReport;

    AvDigitsTask(AvDigitsConfig c, TaskContext context) {
        classes.addAll(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        long start = System.nanoTime();
        Map<String, byte[]> raw = AvDigitsSource.raw();
        for (String m : c.modalities()) {
            modalities.add(new ModalitySpec(m, AvDigitsFeatures.sampleShape(m, c)));
        }
        StringBuilder key = new StringBuilder("av-digits v" + AvDigitsFeatures.FEATURE_VERSION + "\n" + new AvDigitsConfig(c.modalities(), c.trainSize(), c.testSize(), c.dataSeed(), c.imageSize(),
                c.imageNoise(), c.occlusion(), c.audioSnrDb(), c.melBins(), c.audioLayout(), c.textTypoRate(), true, false)
                + (c.noise().isEmpty() ? "" : "noise " + c.noise()) + "\n");
        raw.values().forEach(b -> key.append(FeatureCache.sha256(b)).append('\n'));
        FeatureCache cache = new FeatureCache(context, "av-digits", key.toString());
        List<String> names = new ArrayList<>();
        for (String split : List.of("train", "test")) {
            names.add(split + "-labels");
            c.modalities().forEach(m -> names.add(split + "-" + m));
        }
        Map<String, Npy.Array> cached = c.cache() ? cache.load(names) : null;
        Map<String, Object> arrays = new LinkedHashMap<>();
        if (cached != null) {
            cached.forEach((k, v) -> arrays.put(k, k.endsWith("-labels") ? FeatureCache.labels(v) : FeatureCache.tensor(v)));
            loadReport = String.format("av-digits: features loaded from cache %s in %.2f s", cache.dir(),
                    (System.nanoTime() - start) / 1e9);
        } else {
            arrays.putAll(AvDigitsFeatures.build(c, AvDigitsSource.decode(raw)));
            if (c.cache()) {
                cache.store(arrays);
            }
            loadReport = String.format("av-digits: features built in %.2f s%s", (System.nanoTime() - start) / 1e9,
                    c.cache() ? " (cached in " + cache.dir() + ")" : "");
        }
        context.progress(loadReport);
        this.train = split(arrays, "train", c);
        this.test = split(arrays, "test", c);
    }

    public String loadReport() {
        return loadReport;
    }

    private static InMemorySplit split(Map<String, Object> arrays, String split, AvDigitsConfig c) {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> features = new LinkedHashMap<>();
        for (String m : c.modalities()) {
            features.put(m, ((Tensor) arrays.get(split + "-" + m)).toNd4j());
        }
        return new InMemorySplit(features, (int[]) arrays.get(split + "-labels"));
    }

    /** Registered as {@code av-digits}. */
    public static final class Provider extends BasicPlugin<AvDigitsConfig> implements TaskProvider<AvDigitsConfig> {
        public Provider() {
            super("av-digits", "embedded real data: MNIST digit + spoken digit (+ typo'd word), degradable; audio dominates",
                    AvDigitsConfig.class, AvDigitsConfig::defaults);
        }

        @Override
        public Task create(AvDigitsConfig config, TaskContext context) {
            return Tasks.prepare(new AvDigitsTask(config, context), null, config.standardize());
        }
    }
}
