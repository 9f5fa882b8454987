package redreg.regulators;

import redreg.api.Range;

/**
 * ReconBoost's options (Hua, Xu, Bao, Yang &amp; Huang, ICML 2024, "ReconBoost: boosting can achieve modality
 * reconcilement"; official code huacong/ReconBoost, {@code train.py}). Defaults are the official ones.
 *
 * @param boostEpochs    epochs of one boosting stage, in which one modality alone learns
 *                       ({@code epochs_per_stage}, 4)
 * @param rectifyEpochs  epochs of global rectification after each boosting stage: cross-entropy of the whole
 *                       ensemble, every modality learning ({@code correct_epoch}, 4)
 * @param weight1        weight of the learner's own cross-entropy in the boosting loss ({@code weight1}, 5)
 * @param weight2        weight of the reconcilement with the other modalities' ensemble, which lowers the weight of
 *                       samples the ensemble already gets right ({@code weight2}, 1)
 * @param alpha          weight of the consolidation term MSE(softmax of this learner, softmax of the other
 *                       modality's learner) ({@code alpha}, 0.5)
 * @param alphaGradient  true: the consolidation term trains the learner (the paper's objective); false: it is
 *                       computed but detached on both sides, as in the official code and BalanceBenchmark, so it
 *                       has no gradient and changes nothing
 */
public record ReconBoostConfig(@Range(min = 1) int boostEpochs, @Range(min = 0) int rectifyEpochs,
                               @Range(min = 0) double weight1, @Range(min = 0) double weight2,
                               @Range(min = 0) double alpha, boolean alphaGradient) {

    public static ReconBoostConfig defaults() {
        return new ReconBoostConfig(4, 4, 5.0, 1.0, 0.5, true);
    }
}
