package redreg.api.config;

import redreg.api.ConfigException;
import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * The {@code transformer} encoder for [T, D] samples: an input projection to {@code width}, positions, {@code depth}
 * pre-norm blocks (multi-head self-attention and a ReLU feed-forward, each with layer norm and a residual), a final
 * layer norm and pooling ({@link redreg.api.nn.TransformerEncoder}). Defaults: MulT's CMU-MOSI scale.
 *
 * @param width       model width (attention and residual stream); divisible by {@code heads}
 * @param depth       Transformer blocks (one mid-fusion stage each, after the input projection's stage 0)
 * @param heads       attention heads
 * @param feedForward hidden units of each block's feed-forward
 * @param dropout     drop probability on the feed-forward's hidden units during training
 * @param positions   {@code sinusoidal} (fixed, Vaswani et al.) or {@code learned} (a parameter per time step)
 * @param pooling     {@code mean} over time or the {@code first} time step
 */
@Experimental(since = "0.1", why = "the encoder SPI is new")
public record TransformerEncoderConfig(@Range(min = 1) int width, @Range(min = 0) int depth, @Range(min = 1) int heads,
                                       @Range(min = 1) int feedForward, @Range(min = 0, max = 1, maxExclusive = true)
                                       double dropout, Positions positions, Pooling pooling) {
    public enum Positions { SINUSOIDAL, LEARNED }

    public enum Pooling { MEAN, FIRST }

    public TransformerEncoderConfig {
        if (heads > 0 && width % heads != 0) {
            throw new ConfigException("heads: must divide width " + width + ", got " + heads);
        }
    }

    public static TransformerEncoderConfig defaults() {
        return new TransformerEncoderConfig(64, 2, 4, 128, 0.1, Positions.SINUSOIDAL, Pooling.MEAN);
    }
}
