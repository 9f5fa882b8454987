package redreg.fusion;

import redreg.api.Range;

/**
 * MMCosine's fused head (Xu et al., ICASSP 2023): modality-wise cosine logits of the concat head, scaled.
 * Default: the official main_CD.py ({@code --scaling 10}, also its README command); BalanceBenchmark uses 15.
 *
 * @param scaling s in {@code logits = s · Σ_m cos(z_m, W_m[k])}: the sharpness of the softmax over cosines
 */
public record MmCosineConfig(@Range(min = 0, minExclusive = true) double scaling) {

    public static MmCosineConfig defaults() {
        return new MmCosineConfig(10.0);
    }
}
