package redreg.api.config;

/**
 * How a modality's encoder is built.
 *
 * @param kind        {@code auto} (from the input rank: [C,H,W] → cnn, [T,D] → sequence, [D] → mlp),
 *                    {@code cnn}, {@code resnet18}, {@code mlp} or {@code sequence}
 * @param width       channels of the first stage (cnn/resnet18/sequence) or hidden units (mlp)
 * @param depth       convolution stages (cnn/sequence) or hidden layers (mlp); ignored by resnet18
 * @param featureSize size of the feature z_m: every encoder ends with a dense ReLU layer of this many units
 */
public record EncoderSpec(String kind, int width, int depth, int featureSize) {

    public static EncoderSpec defaults() {
        return new EncoderSpec("auto", 16, 2, 64);
    }
}
