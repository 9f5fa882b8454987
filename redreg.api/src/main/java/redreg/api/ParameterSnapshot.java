package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies of one encoder's trainable parameters ({@link TrainingContext#snapshot}).
 *
 * @param modality   the encoder's modality
 * @param parameters copies by parameter name
 */
public record ParameterSnapshot(String modality, Map<String, INDArray> parameters) {

    public ParameterSnapshot {
        parameters = Map.copyOf(parameters);
    }
}
