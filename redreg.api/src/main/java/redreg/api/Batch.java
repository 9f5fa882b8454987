package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/**
 * Inputs of every modality (first dimension the batch) and the class indices; on a regression task the real target
 * of every sample as well ({@code targets}, null on a classification task; its labels are then all 0).
 */
@Stable(since = "0.1")
public record Batch(Map<String, INDArray> inputs, int[] labels, double[] targets) {

    /** A classification batch. */
    public Batch(Map<String, INDArray> inputs, int[] labels) {
        this(inputs, labels, null);
    }

    /** A regression batch: the targets, and one label 0 per sample (one stratum for the validation split). */
    public static Batch regression(Map<String, INDArray> inputs, double[] targets) {
        return new Batch(inputs, new int[targets.length], targets);
    }

    /** The same samples (labels and targets) with other inputs: what a split view that rewrites inputs returns. */
    public Batch withInputs(Map<String, INDArray> newInputs) {
        return new Batch(newInputs, labels, targets);
    }
}
