package redreg.api.config;

import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * @param unimodal       add each modality head's cross-entropy to the fused one (the paper's "*" setting);
 *                       when false the heads still learn, on features detached from the encoders
 * @param unimodalWeight weight of each unimodal loss when {@code unimodal} is on
 */
@Experimental(since = "0.1", why = "a record: new keys add components")
public record LossConfig(boolean unimodal, @Range(min = 0) double unimodalWeight) {

    public static LossConfig defaults() {
        return new LossConfig(false, 1.0);
    }
}
