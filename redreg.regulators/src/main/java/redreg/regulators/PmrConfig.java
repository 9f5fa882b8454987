package redreg.regulators;

import redreg.api.ConfigException;

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
public record PmrConfig(double alpha, double momentum, double fraction, int startEpoch, int endEpoch) {

    public PmrConfig {
        if (alpha < 0) {
            throw new ConfigException("alpha: expected a non-negative value, got " + alpha);
        }
        if (momentum < 0 || momentum > 1) {
            throw new ConfigException("momentum: expected a value in [0, 1], got " + momentum);
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new ConfigException("fraction: expected a value in (0, 1], got " + fraction);
        }
        if (endEpoch < startEpoch) {
            throw new ConfigException("endEpoch must not be before startEpoch, got " + endEpoch + " < " + startEpoch);
        }
    }

    public static PmrConfig defaults() {
        return new PmrConfig(2.0, 0.0, 0.1, 0, 70);
    }
}
