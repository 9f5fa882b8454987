package redreg.regulators;

import redreg.api.ConfigException;

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
public record GreedyConfig(Mode mode, double epsilon, int window, int startingEpoch, double fusedWeight) {

    public enum Mode { STRONG, RANDOM }

    public GreedyConfig {
        if (mode == null) {
            throw new ConfigException("mode: expected strong or random");
        }
        if (!(epsilon >= 0)) {
            throw new ConfigException("epsilon: expected a non-negative number, got " + epsilon);
        }
        if (window < 1) {
            throw new ConfigException("window: expected an integer >= 1, got " + window);
        }
        if (startingEpoch < 0) {
            throw new ConfigException("startingEpoch: expected an integer >= 0, got " + startingEpoch);
        }
        if (!(fusedWeight >= 0)) {
            throw new ConfigException("fusedWeight: expected a non-negative number, got " + fusedWeight);
        }
    }

    public static GreedyConfig defaults() {
        return new GreedyConfig(Mode.STRONG, 0.01, 5, 2, 0.0);
    }
}
