package redreg.api;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.nn.Param;

/**
 * The fusion block together with the fused classifier head: pooled features of every modality in, fused
 * logits out. Unimodal heads are the engine's, so every fusion works with every regulator.
 */
public interface Fusion {

    /** Trainable parameters; {@link #backward} writes their gradients. */
    List<Param> parameters();

    /** @param features one [B, d_m] array per modality, in the context's modality order; returns logits [B, K]. */
    INDArray forward(List<INDArray> features, boolean training);

    /**
     * Back-propagates dL/dlogits through the last {@link #forward}: assigns each parameter's gradient and
     * returns dL/dz_m per modality, in modality order.
     */
    List<INDArray> backward(INDArray logitGradient);

    /** A block that also fuses between encoder stages (none by default: late fusion). */
    default java.util.Optional<MidFusion> midFusion() {
        return java.util.Optional.empty();
    }
}
