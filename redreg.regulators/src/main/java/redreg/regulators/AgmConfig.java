package redreg.regulators;

import redreg.api.ConfigException;
import redreg.api.Range;

/**
 * AGM's options (Li et al., ICCV 2023). Defaults: the authors' CREMA-D setting (α 1.5 with modulation over the
 * whole run, issues #3/#5/#10 of the official repository) and the clamp of its CREMA-D code.
 *
 * @param alpha           α of c_m = exp(α·min(r*_m − r_m, clamp)) (CREMA-D 1.5; argparse 1.0; AV-MNIST 2.5)
 * @param clamp           upper clamp of r*_m − r_m (CREMA-D code 10, URFunny 7)
 * @param startEpoch      first epoch of modulation
 * @param endEpoch        modulation stops at this epoch (exclusive); null: the whole run
 * @param keepAfterWindow after the window, keep the last coefficients (what the code does: its hooks keep their
 *                        last scale) instead of going back to plain joint training
 * @param evalPasses      run the modality-removed passes in eval mode (running batch-norm statistics), as the code does
 * @param clip            conditional clipping of the code: when an entry of the fusion gradients leaves [−clipAt,
 *                        clipAt], clip the global gradient norm of encoders and fusion to clipNorm
 * @param clipAt          the entry bound that triggers the clip (1)
 * @param clipNorm        the norm clipped to (1)
 */
public record AgmConfig(@Range(min = 0) double alpha, @Range double clamp, @Range(min = 0) int startEpoch,
                        @Range(min = 0) Integer endEpoch, boolean keepAfterWindow, boolean evalPasses, boolean clip,
                        @Range(min = 0, minExclusive = true) double clipAt,
                        @Range(min = 0, minExclusive = true) double clipNorm) {

    public AgmConfig {
        if (endEpoch != null && endEpoch < startEpoch) {
            throw ConfigException.at("endEpoch", "must not be before startEpoch, got " + endEpoch + " < " + startEpoch);
        }
    }

    public static AgmConfig defaults() {
        return new AgmConfig(1.5, 10.0, 0, null, true, true, true, 1.0, 1.0);
    }
}
