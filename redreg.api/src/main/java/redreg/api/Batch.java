package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/** Inputs of every modality (first dimension the batch) and the class indices. */
@Stable(since = "0.1")
public record Batch(Map<String, INDArray> inputs, int[] labels) {
}
