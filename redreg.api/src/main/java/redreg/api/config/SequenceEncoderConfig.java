package redreg.api.config;

import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * The {@code sequence} encoder for [T, D] samples: {@code depth} temporal convolutions (kernel 3, ReLU), then the
 * mean over time.
 *
 * @param width channels of each convolution
 * @param depth convolutions (one mid-fusion stage each)
 */
@Experimental(since = "0.1", why = "the encoder SPI is new")
public record SequenceEncoderConfig(@Range(min = 1) int width, @Range(min = 0) int depth) {
    public static SequenceEncoderConfig defaults() {
        return new SequenceEncoderConfig(16, 2);
    }
}
