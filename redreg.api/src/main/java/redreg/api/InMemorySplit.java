package redreg.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.stability.Stable;

/** A split held in memory: one [N, …] array per modality and N labels. */
@Stable(since = "0.1")
public final class InMemorySplit implements DataSplit {
    private final Map<String, INDArray> features;
    private final int[] labels;

    public InMemorySplit(Map<String, INDArray> features, int[] labels) {
        for (var e : features.entrySet()) {
            if (e.getValue().size(0) != labels.length) {
                throw new ConfigException("modality '" + e.getKey() + "' has " + e.getValue().size(0)
                        + " samples but there are " + labels.length + " labels");
            }
        }
        this.features = new LinkedHashMap<>(features);
        this.labels = labels.clone();
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
        for (int i = 0; i < indices.length; i++) {
            y[i] = labels[indices[i]];
        }
        for (var e : features.entrySet()) {
            inputs.put(e.getKey(), rows(e.getValue(), indices));
        }
        return new Batch(inputs, y);
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
