package redreg.regulators;

import redreg.api.Range;

/**
 * AMCo's options (Zhou et al., adaptive mask co-optimization), as BalanceBenchmark's {@code AMCo_trainer.py} and its
 * AMCo model compute it (no official code of the paper was found). Defaults: BalanceBenchmark's {@code sigma} 0.5 and
 * {@code eps} 0.3; its {@code alpha} (0.1) is never read by the trainer and its {@code U} (512) is the feature size,
 * which here is each modality's own.
 *
 * @param sigma           σ: a modality becomes "dependent" (the one masked) once the batch mean of its share of the
 *                        softmax over all heads' concatenated logits reaches σ
 * @param eps             ε of the mask ratio p_t = sin(π/2·min(ε, l_t)/ε): l_t reaches ε, and p_t 1, after ε·10/epoch
 *                        steps of an epoch
 * @param unimodalWeight  weight of each modality head's cross-entropy, added to the fused one (1 in the trainer)
 */
public record AmcoConfig(@Range(min = 0, max = 1) double sigma, @Range(min = 1e-9) double eps,
                         @Range(min = 0) double unimodalWeight) {

    public static AmcoConfig defaults() {
        return new AmcoConfig(0.5, 0.3, 1.0);
    }
}
