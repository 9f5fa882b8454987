package redreg.api.config;

import redreg.api.Range;

/**
 * The {@code resnet18} encoder: torchvision's ResNet-18 layout (7×7 stem, four stages of two basic blocks, global
 * average pooling) with a configurable base width.
 *
 * @param width channels of the stem and first stage (64 in the papers; doubled at each stage)
 */
public record ResNet18EncoderConfig(@Range(min = 1) int width) {
    public static ResNet18EncoderConfig defaults() {
        return new ResNet18EncoderConfig(16);
    }
}
