package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Inputs of every modality (first dimension the batch) and the class indices. */
public record Batch(Map<String, INDArray> inputs, int[] labels) {
}
