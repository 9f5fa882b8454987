package redreg.fusion;

import java.util.List;
import redreg.api.ConfigException;

/**
 * The shared-head fusion: one linear classifier (W, b) for every modality, as MLA trains it (Zhang et al., CVPR
 * 2024). Training: logits = W·Σ_m z_m + b (so a modality whose features are dropped leaves W·z_p + b of the others).
 * Evaluation combines the per-modality logits l_m = W·z_m + b by {@code rule}:
 *
 * @param rule {@code entropy} (MLA's test-time uncertainty fusion: per sample, λ_m ∝ exp(max_m' e_m' − e_m) with
 *             e_m the entropy of softmax(l_m); the official "dynamic" fusion) or {@code mean} (λ_m = 1/M, the official
 *             "fixed" fusion's α = 0.5 for two modalities)
 */
public record SharedHeadConfig(String rule) {
    public static final List<String> RULES = List.of("entropy", "mean");

    public SharedHeadConfig {
        if (!RULES.contains(rule)) {
            throw new ConfigException("rule: expected one of " + String.join(", ", RULES) + ", got '" + rule + "'");
        }
    }

    public static SharedHeadConfig defaults() {
        return new SharedHeadConfig("entropy");
    }
}
