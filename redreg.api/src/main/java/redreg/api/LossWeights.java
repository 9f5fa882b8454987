package redreg.api;

import java.util.Map;
import redreg.api.stability.Stable;

/**
 * Weights of the parts of a step's loss: the fused head's cross-entropy and each modality head's.
 *
 * @param fused     weight of the fused loss (0 = the fused head learns on detached features)
 * @param unimodal  weight of each modality's head loss, by modality (0 = detached head)
 */
@Stable(since = "0.1")
public record LossWeights(double fused, Map<String, Double> unimodal) {

    public LossWeights {
        unimodal = Map.copyOf(unimodal);
    }

    public double unimodal(String modality) {
        return unimodal.getOrDefault(modality, 0.0);
    }
}
