package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/**
 * Per-sample outputs of a no-grad, eval-mode pass over part of the data ({@link TrainingContext#features}).
 *
 * @param indices      indices of the samples within the part, in the order of the rows below
 * @param labels       true class of each row
 * @param features     pooled features z_m per modality, [N, d_m]
 * @param logits       each modality head's logits, [N, K]
 * @param fusedLogits  the fused head's logits, [N, K]
 */
@Experimental(since = "0.1", why = "epoch-boundary feature passes are young")
public record FeatureSet(int[] indices, int[] labels, Map<String, INDArray> features, Map<String, INDArray> logits,
                         INDArray fusedLogits) {

    public int size() {
        return labels.length;
    }
}
