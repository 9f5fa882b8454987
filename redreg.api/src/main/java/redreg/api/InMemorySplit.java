package redreg.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.stability.Stable;

/** A split held in memory: one [N, …] array per modality and N labels (or, for a regression task, N targets). */
@Stable(since = "0.1")
public final class InMemorySplit implements DataSplit {
    private final Map<String, INDArray> features;
    private final int[] labels;
    /** The real target of every sample on a regression task; null on a classification task. */
    private final double[] targets;

    public InMemorySplit(Map<String, INDArray> features, int[] labels) {
        this(features, labels, null);
    }

    /** A regression split: one real target per sample (its labels are all 0). */
    public InMemorySplit(Map<String, INDArray> features, double[] targets) {
        this(features, new int[targets.length], targets.clone());
    }

    private InMemorySplit(Map<String, INDArray> features, int[] labels, double[] targets) {
        for (var e : features.entrySet()) {
            if (e.getValue().size(0) != labels.length) {
                throw new ConfigException("modality '" + e.getKey() + "' has " + e.getValue().size(0)
                        + " samples but there are " + labels.length + " labels");
            }
        }
        this.features = new LinkedHashMap<>(features);
        this.labels = labels.clone();
        this.targets = targets;
    }

    /** The real targets (a copy), or null on a classification split. */
    public double[] targets() {
        return targets == null ? null : targets.clone();
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** The whole array of one modality. */
    public INDArray features(String modality) {
        return features.get(modality);
    }

    @Override
    public Batch batch(int[] indices, boolean training, Random random) {
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        int[] y = new int[indices.length];
        double[] t = targets == null ? null : new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            y[i] = labels[indices[i]];
            if (t != null) {
                t[i] = targets[indices[i]];
            }
        }
        for (var e : features.entrySet()) {
            inputs.put(e.getKey(), rows(e.getValue(), indices));
        }
        return new Batch(inputs, y, t);
    }

    /** Gathers rows of an [N, …] array into a fresh [indices.length, …] array. */
    public static INDArray rows(INDArray full, int[] indices) {
        long n = full.size(0);
        INDArray flat = full.reshape('c', n, full.length() / n);
        INDArray picked = Nd4j.pullRows(flat, 1, indices);
        long[] s = full.shape().clone();
        s[0] = indices.length;
        return picked.reshape('c', s);
    }
}
