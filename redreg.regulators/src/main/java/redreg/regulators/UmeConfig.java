package redreg.regulators;

/**
 * UME's options (Du et al., ICML 2023): the uni-modal ensemble.
 *
 * @param average logits (the mean of the uni-modal heads' logits) | probabilities (the mean of their softmax
 *                outputs, as logs)
 */
public record UmeConfig(Average average) {

    public enum Average { LOGITS, PROBABILITIES }

    public static UmeConfig defaults() {
        return new UmeConfig(Average.LOGITS);
    }
}
