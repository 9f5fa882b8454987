package redreg.regulators;

import redreg.api.Range;

/**
 * Gradient-Blending's options (Wang, Tran &amp; Feiszli, CVPR 2020). There is no official training code; the
 * defaults are the paper's online G-Blend with BalanceBenchmark's super-epoch of 10. Needs
 * {@code training.validation} &gt; 0 (the paper's held-out V; 0.1 as in the tsai implementation).
 *
 * @param mode             online (re-estimate every super-epoch from the current model) | offline (once, at the start)
 * @param superEpoch       epochs between two estimations (online)
 * @param estimationEpochs epochs each head's copy trains to measure ΔG and ΔO; null: superEpoch (the paper's n)
 */
public record GBlendingConfig(Mode mode, @Range(min = 1) int superEpoch, @Range(min = 1) Integer estimationEpochs) {

    public enum Mode { ONLINE, OFFLINE }

    public int epochsPerEstimate() {
        return estimationEpochs != null ? estimationEpochs : superEpoch;
    }

    public static GBlendingConfig defaults() {
        return new GBlendingConfig(Mode.ONLINE, 10, null);
    }
}
