package redreg.api.config;

import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * The {@code cnn} encoder: {@code depth} blocks of 3×3 convolution, batch norm, ReLU and 2×2 max pooling (while the
 * map is at least 4 wide), channels doubling from {@code width}, then global average pooling.
 *
 * @param width channels of the first block
 * @param depth convolution blocks (one mid-fusion stage each)
 */
@Experimental(since = "0.1", why = "the encoder SPI is new")
public record CnnEncoderConfig(@Range(min = 1) int width, @Range(min = 0) int depth) {
    public static CnnEncoderConfig defaults() {
        return new CnnEncoderConfig(16, 2);
    }
}
