package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One modality within a step. Gradients are batch means (PyTorch scale) of the total loss; rewrite them in
 * place ({@code muli}, {@code addi}, {@code assign}): the optimizer applies what is there.
 */
public interface ModalityStep {

    String name();

    /** The input batch fed to the encoder. */
    INDArray input();

    /** Pooled encoder features z_m, [B, d_m]. */
    INDArray features();

    /** Logits of this modality's own head, [B, K]. */
    INDArray logits();

    /** Softmax of {@link #logits()}, [B, K]. */
    INDArray probabilities();

    /** P(y_i | z_i^m) for each sample, [B]. */
    INDArray trueClassProbabilities();

    /** Gradients of the total loss w.r.t. the encoder's trainable parameters, by name; mutable views. */
    Map<String, INDArray> gradients();

    /**
     * Gradients of the fused loss alone (without the unimodal heads' losses), by name; fresh copies.
     * Equal to {@link #gradients()} as they were after backward when unimodal losses are off; otherwise
     * computed on first call by one more forward/backward pass of this encoder.
     */
    Map<String, INDArray> fusedLossGradients();

    /** The encoder's trainable parameters by name: live views, read only. */
    Map<String, INDArray> parameters();

    /** Runs the encoder alone on {@code input} without touching gradients or state; returns pooled features. */
    INDArray encode(INDArray input, boolean trainMode);
}
