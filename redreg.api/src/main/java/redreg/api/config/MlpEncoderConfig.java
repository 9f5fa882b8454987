package redreg.api.config;

import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * The {@code mlp} encoder: the sample flattened, then {@code depth} dense ReLU layers.
 *
 * @param width hidden units of each layer
 * @param depth hidden layers (one mid-fusion stage each)
 */
@Experimental(since = "0.1", why = "the encoder SPI is new")
public record MlpEncoderConfig(@Range(min = 1) int width, @Range(min = 0) int depth) {
    public static MlpEncoderConfig defaults() {
        return new MlpEncoderConfig(16, 2);
    }
}
