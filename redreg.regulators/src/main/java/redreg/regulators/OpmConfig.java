package redreg.regulators;

import redreg.api.Range;

/**
 * OPM's options (Wei, Hu, Du &amp; Wen, TPAMI 2024, "On-the-fly Modulation for Balanced Multimodal Learning"), the
 * feed-forward modulation. Defaults: the official {@code scripts/train_opm.sh} (q_base 0.5, λ 0.5, p_exe 0.7) and
 * {@code main.py}'s warm-up (no dropping in epochs 0–5); BalanceBenchmark uses q_base 0.4 and no warm-up.
 *
 * @param qBase          q_base: drop probability of a dominant modality's features before the boost
 * @param lambda         λ of q_m = q_base·(1 + λ·tanh(relu(ρ_m − 1)))
 * @param execute        p_exe: probability that a step drops at all
 * @param warmupEpochs   epochs without dropping at the start (the official {@code warm_up = epoch ≤ 5}: 6)
 */
public record OpmConfig(@Range(min = 0, max = 1) double qBase, @Range(min = 0) double lambda,
                        @Range(min = 0, max = 1) double execute, @Range(min = 0) int warmupEpochs) {

    public static OpmConfig defaults() {
        return new OpmConfig(0.5, 0.5, 0.7, 6);
    }
}
