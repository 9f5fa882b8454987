package redreg.regulators;

import redreg.api.ConfigException;
import redreg.api.Range;

/**
 * Greedy's options (Wu, Jastrzębski, Cho, Geras, ICML 2022, "Characterizing and overcoming the greedy nature of
 * learning in multi-modal deep neural networks"; official code nyukat/greedy_multimodal_learning). Needs the
 * {@code mmtm} fusion and exactly two modalities.
 *
 * @param mode          strong (the paper's method: re-balance when the conditional learning speeds differ by more
 *                      than epsilon) | random (the official random baseline: after the unlock every step picks
 *                      uniformly among a regular step and a re-balancing step of either modality)
 * @param epsilon       ε, the threshold on |BDR_0 − BDR_1| (official ModelNet40 config: 0.01; BalanceBenchmark 0.001)
 * @param window        Q, re-balancing steps per decision (official 5)
 * @param startingEpoch first epoch at which re-balancing may start (official 2; BalanceBenchmark 0)
 * @param fusedWeight   weight of the fused (concat) head's loss; 0 (the official loss CE(ŷ0) + CE(ŷ1)) trains it on
 *                      detached features so its accuracy is still reported
 */
public record GreedyConfig(Mode mode, @Range(min = 0) double epsilon, @Range(min = 1) int window,
                           @Range(min = 0) int startingEpoch, @Range(min = 0) double fusedWeight) {

    public enum Mode { STRONG, RANDOM }

    public GreedyConfig {
        if (mode == null) {
            throw ConfigException.at("mode", "expected strong or random");
        }
    }

    public static GreedyConfig defaults() {
        return new GreedyConfig(Mode.STRONG, 0.01, 5, 2, 0.0);
    }
}
