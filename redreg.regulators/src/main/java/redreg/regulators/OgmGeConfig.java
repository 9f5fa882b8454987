package redreg.regulators;

import redreg.api.ConfigException;
import redreg.api.Range;

/**
 * OGM-GE's options (Peng et al., CVPR 2022).
 *
 * @param alpha      α of the coefficient 1 − tanh(α·ratio) (0.8 for CREMA-D in the public code)
 * @param ge         add Gaussian enhancement N(0, std(g) + 1e-8) to the modulated modality's tensors (false = plain OGM)
 * @param geEverywhere also add the noise to the other modalities (coefficient 1), as the public code does
 * @param startEpoch first epoch of modulation
 * @param endEpoch   modulation stops at this epoch (exclusive)
 * @param parameters all (every encoder tensor, the paper) | conv (4-D convolution kernels only, the public code)
 */
public record OgmGeConfig(@Range(min = 0) double alpha, boolean ge, boolean geEverywhere, @Range(min = 0) int startEpoch,
                          @Range(min = 0) int endEpoch, Parameters parameters) {

    public enum Parameters { ALL, CONV }

    public OgmGeConfig {
        if (endEpoch < startEpoch) {
            throw ConfigException.at("endEpoch", "must not be before startEpoch, got " + endEpoch + " < " + startEpoch);
        }
    }

    public static OgmGeConfig defaults() {
        return new OgmGeConfig(0.8, true, false, 0, 50, Parameters.ALL);
    }
}
