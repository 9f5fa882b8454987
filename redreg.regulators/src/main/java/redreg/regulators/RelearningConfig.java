package redreg.regulators;

import redreg.api.Range;

/**
 * Diagnosing &amp; Re-learning's options (Wei et al., ECCV 2024); defaults from the official CREMA-D script
 * (90 epochs: re-initializations after epochs 20, 40 and 60). Needs {@code training.validation} &gt; 0.
 *
 * @param lambda        λ of α_m = tanh(λ·|P_train − P_val|) (move_lambda 3)
 * @param reinitEpoch   diagnose after every epoch e with e % reinitEpoch == 0, e &gt; 0 (20)
 * @param reinitNum     at most this many re-initializations (3)
 * @param maxIterations Lloyd iterations of the k-means (sklearn's max_iter 300)
 */
public record RelearningConfig(@Range(min = 0) double lambda, @Range(min = 1) int reinitEpoch,
                               @Range(min = 0) int reinitNum, @Range(min = 1) int maxIterations) {

    public static RelearningConfig defaults() {
        return new RelearningConfig(3.0, 20, 3, 300);
    }
}
