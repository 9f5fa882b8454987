package redreg.api.config;

import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * The {@code resnet18} encoder: torchvision's ResNet-18 layout (7×7 stem, four stages of two basic blocks, global
 * average pooling) with a configurable base width.
 *
 * @param width channels of the stem and first stage (64 in the papers; doubled at each stage)
 */
@Experimental(since = "0.1", why = "the encoder SPI is new")
public record ResNet18EncoderConfig(@Range(min = 1) int width) {
    public static ResNet18EncoderConfig defaults() {
        return new ResNet18EncoderConfig(16);
    }
}
