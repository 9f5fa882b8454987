package redreg.api.internal.engine.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One modality's encoder as the engine drives it with external errors: a single DL4J graph ({@link EncoderNet}) or,
 * when the fusion has a {@link redreg.api.MidFusion}, a chain of stage graphs ({@link StagedEncoder}) that
 * {@link MultimodalModel} runs together with the block. Parameter and gradient maps are live views keyed
 * {@code layer_param}; batch-norm running statistics are "state".
 */
public interface Encoder {

    String modality();

    /** Training forward on its own (no mid-fusion); keeps what {@link #backward} needs. */
    INDArray forward(INDArray batch, boolean train);

    /** Back-propagates dL/dz of the last forward; the gradient views then hold the new gradient. */
    void backward(INDArray featureGradient);

    /**
     * Back-propagates dL/dz of the last forward and <em>adds</em> the result to the trainable gradients, leaving
     * the batch-norm state slots as they were (an extra pass must not move the running statistics).
     */
    default void accumulateBackward(INDArray featureGradient) {
        INDArray saved = flatGradient().dup();
        Map<String, INDArray> savedState = new java.util.LinkedHashMap<>();
        stateGradients().forEach((k, v) -> savedState.put(k, v.dup()));
        backward(featureGradient);
        flatGradient().addi(saved);
        savedState.forEach((k, v) -> stateGradients().get(k).assign(v));
    }

    /** Runs the encoder alone (no mid-fusion): no gradient, no state change. */
    INDArray encode(INDArray batch, boolean train);

    Map<String, INDArray> parameters();

    Map<String, INDArray> gradients();

    Map<String, INDArray> stateParameters();

    Map<String, INDArray> stateGradients();

    /** The flat gradient buffer (all parameters, state included). */
    INDArray flatGradient();

    long parameterCount();

    /** A deep copy (parameters, batch-norm statistics) with its own buffers. */
    Encoder copy();

    /** Releases the native memory of its graphs. */
    void close();
}
