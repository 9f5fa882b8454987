package redreg.regulators;

import redreg.api.ConfigException;
import redreg.api.Range;

/**
 * PMR's options (Fan et al., CVPR 2023). Defaults: the released CREMA-D command of the official code
 * (concat fusion); the script's argparse defaults differ (α 1.0, momentum 0.2, epochs 0–100).
 *
 * @param alpha      α: weight of the prototypical cross-entropy on the weaker modality (CREMA-D command 2.0;
 *                   film/gated 3.0, sum 5.0)
 * @param momentum   μ of c ← (1 − μ)·c_new + μ·c_old between epochs (momentum_coef; CREMA-D command 0.0)
 * @param fraction   share of the training part the prototypes are averaged over (the code: the first tenth of
 *                   the shuffled batches)
 * @param startEpoch first epoch with the prototype loss
 * @param endEpoch   the prototype loss stops at this epoch (exclusive; CREMA-D command 70)
 */
public record PmrConfig(@Range(min = 0) double alpha, @Range(min = 0, max = 1) double momentum,
                        @Range(min = 0, max = 1, minExclusive = true) double fraction, @Range(min = 0) int startEpoch,
                        @Range(min = 0) int endEpoch) {

    public PmrConfig {
        if (endEpoch < startEpoch) {
            throw ConfigException.at("endEpoch", "must not be before startEpoch, got " + endEpoch + " < " + startEpoch);
        }
    }

    public static PmrConfig defaults() {
        return new PmrConfig(2.0, 0.0, 0.1, 0, 70);
    }
}
