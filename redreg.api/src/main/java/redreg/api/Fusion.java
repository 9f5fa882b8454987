package redreg.api;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.nn.Param;
import redreg.api.stability.Stable;

/**
 * The fusion block together with the fused classifier head: pooled features of every modality in, fused
 * logits out. Unimodal heads are the engine's, so every fusion works with every regulator.
 */
@Stable(since = "0.1")
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

    /**
     * The fused representation the fused head classifies, in evaluation mode, for features and figures (the paper's
     * Fig. 6): by default the modalities' features concatenated, which is {@code concat}'s head input; a block that
     * fuses into a representation of its own returns that.
     */
    default INDArray representation(List<INDArray> features) {
        return org.nd4j.linalg.factory.Nd4j.hstack(features.toArray(new INDArray[0]));
    }

    /** A block that also fuses between encoder stages (none by default: late fusion). */
    default java.util.Optional<MidFusion> midFusion() {
        return java.util.Optional.empty();
    }

    /**
     * Saves what the block keeps outside {@link #parameters()} (running averages, a switch's position) for a run's
     * checkpoint; parameters are saved by the engine. The default, for blocks that keep nothing else, saves nothing.
     * Return false when the block cannot be resumed (the run then restarts from epoch 0 after a crash).
     */
    default boolean saveState(PluginState state) {
        return true;
    }

    /** Continues from what {@link #saveState} wrote, on a fresh block of the same config (parameters restored). */
    default void restoreState(PluginState state) {
    }
}
