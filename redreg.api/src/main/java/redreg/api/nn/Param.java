package redreg.api.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/** A named trainable tensor and its gradient buffer (same shape); the optimizer updates {@link #value()} in place. */
@Experimental(since = "0.1", why = "the fusion layer kit grows with the fusions")
public record Param(String name, INDArray value, INDArray gradient) {

    public static Param of(String name, INDArray value) {
        return new Param(name, value, value.ulike());
    }
}
