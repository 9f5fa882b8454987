package redreg.api;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/**
 * One modality within a step, after backward. Gradients are batch means (PyTorch scale) of the total loss;
 * rewrite them in place ({@code muli}, {@code addi}, {@code assign}): the optimizer applies what is there.
 */
@Stable(since = "0.1")
public interface ModalityStep extends ModalityForward {

    /** Gradients of the total loss w.r.t. the encoder's trainable parameters, by name; mutable views. */
    Map<String, INDArray> gradients();

    /**
     * The parts of the total loss that reach this encoder, each with its weight of this step applied:
     * {@value LossControl#FUSED} (when its weight is not 0), {@value LossControl#UNIMODAL} (this modality's head, when
     * its weight is not 0) and the names of the terms added in {@link Regulator#shapeLoss} that act on this modality.
     */
    List<String> losses();

    /**
     * Gradient of one part of the loss (one of {@link #losses()}) w.r.t. the encoder's parameters, by name; fresh
     * copies. The parts sum to {@link #gradients()} as they were after backward. The first call per part costs one
     * more forward/backward of this encoder (none when the part is the only one).
     */
    Map<String, INDArray> lossGradients(String loss);

    /** Gradients of the fused loss alone ({@code lossGradients("fused")}); zeros when the fused weight is 0. */
    default Map<String, INDArray> fusedLossGradients() {
        return lossGradients(LossControl.FUSED);
    }

    /** Gradients of this modality's head (weight then bias), by name; mutable views. */
    Map<String, INDArray> headGradients();
}
