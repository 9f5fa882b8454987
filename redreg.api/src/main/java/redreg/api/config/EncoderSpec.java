package redreg.api.config;

import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * How a modality's encoder is built.
 *
 * @param kind        {@code auto} (from the input rank: [C,H,W] → cnn, [T,D] → sequence, [D] → mlp),
 *                    {@code cnn}, {@code resnet18}, {@code mlp} or {@code sequence}
 * @param width       channels of the first stage (cnn/resnet18/sequence) or hidden units (mlp)
 * @param depth       convolution stages (cnn/sequence) or hidden layers (mlp); ignored by resnet18
 * @param featureSize size of the feature z_m: every encoder ends with a dense ReLU layer of this many units
 */
@Experimental(since = "0.1", why = "encoder keys grow with the encoder SPI")
public record EncoderSpec(String kind, @Range(min = 1) int width, @Range(min = 0) int depth,
                          @Range(min = 1) int featureSize) {

    /** The valid {@code kind}s (checked when bound, so the error names the file or override that set it). */
    public static final java.util.List<String> KINDS = java.util.List.of("auto", "cnn", "resnet18", "mlp", "sequence");

    public EncoderSpec {
        if (!KINDS.contains(kind)) {
            throw redreg.api.ConfigException.at("kind", "unknown encoder '" + kind + "'; "
                    + redreg.api.ConfigException.didYouMean(kind, KINDS) + "valid: " + String.join(", ", KINDS));
        }
    }

    public static EncoderSpec defaults() {
        return new EncoderSpec("auto", 16, 2, 64);
    }
}
