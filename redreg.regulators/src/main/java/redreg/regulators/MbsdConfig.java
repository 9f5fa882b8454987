package redreg.regulators;

import redreg.api.Range;

/**
 * MBSD's options (modality-balanced self-distillation, as BalanceBenchmark's MBSD trainer computes it; no official
 * code of the paper was found). The trainer has no coefficients of its own: every weight is 1 there.
 *
 * @param unimodalWeight   weight of each modality head's cross-entropy (1 in the trainer)
 * @param similarityWeight weight of the confidence-gap–weighted logit similarity term L_RS (1)
 * @param klWeight         weight of the confidence-gap–weighted strong/weak term L_KL (1)
 */
public record MbsdConfig(@Range(min = 0) double unimodalWeight, @Range(min = 0) double similarityWeight,
                         @Range(min = 0) double klWeight) {

    public static MbsdConfig defaults() {
        return new MbsdConfig(1.0, 1.0, 1.0);
    }
}
