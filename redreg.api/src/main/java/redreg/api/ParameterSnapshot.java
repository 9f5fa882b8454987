package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/**
 * Copies of one encoder's trainable parameters ({@link TrainingContext#snapshot}).
 *
 * @param modality   the encoder's modality
 * @param parameters copies by parameter name
 */
@Experimental(since = "0.1", why = "snapshots and blends: one user (Re-learning) so far")
public record ParameterSnapshot(String modality, Map<String, INDArray> parameters) {

    public ParameterSnapshot {
        parameters = Map.copyOf(parameters);
    }
}
