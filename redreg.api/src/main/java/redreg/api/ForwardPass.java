package redreg.api;

import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/** The outputs of one extra forward pass ({@link ForwardView#pass}). */
@Experimental(since = "0.1", why = "extra passes: no backward with a mid-fusion yet")
public interface ForwardPass {

    PassSpec spec();

    /** Fused logits of the pass, [B, K]. */
    INDArray fusedLogits();

    /** Pooled features of a modality in this pass, [B, d_m]. */
    INDArray features(String modality);

    /** Logits of a modality's own head in this pass, [B, K]. */
    INDArray logits(String modality);

    /**
     * Back-propagates {@code fusedLogitGradient} (dL/d fused logits of this pass, [B, K], batch-mean scale) through
     * the pass and <em>adds</em> the result to the live gradients of every encoder and of the fusion block (not the
     * unimodal heads). Only for a kept pass, and only in {@link Regulator#regulate} (after the step's backward).
     * Batch-norm running statistics are never changed by it.
     */
    void backward(INDArray fusedLogitGradient);
}
