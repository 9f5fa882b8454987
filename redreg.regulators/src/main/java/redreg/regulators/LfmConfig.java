package redreg.regulators;

import java.util.List;
import redreg.api.ConfigException;
import redreg.api.Range;

/**
 * LFM's options (Yang et al., NeurIPS 2024, "Facilitating multimodal classification via dynamically learning modality
 * gap"), its heuristic schedule: the weight of the alignment term α(e) = clip(exp(−decay·e), minWeight, maxWeight)
 * at epoch e, the fused cross-entropy weighted 1 − α. Defaults: the heuristic of ModalBed's {@code LFM} algorithm.
 *
 * @param decay     the rate a of α(e) = exp(−a·e) (0.3)
 * @param minWeight lower clip of α (0.05)
 * @param maxWeight upper clip of α (0.95)
 * @param alignOn   what the Jensen–Shannon alignment compares, softmax-normalised: {@code logits} (each modality
 *                  head's logits, as BalanceBenchmark's trainer; any feature sizes) or {@code features} (the
 *                  encoders' features, as ModalBed; needs equal feature sizes)
 */
public record LfmConfig(@Range(min = 0) double decay, @Range(min = 0, max = 1) double minWeight,
                        @Range(min = 0, max = 1) double maxWeight, String alignOn) {
    public static final List<String> ALIGN_ON = List.of("logits", "features");

    public LfmConfig {
        if (!ALIGN_ON.contains(alignOn)) {
            throw new ConfigException("alignOn: expected one of " + String.join(", ", ALIGN_ON) + ", got '"
                    + alignOn + "'");
        }
        if (minWeight > maxWeight) {
            throw new ConfigException("minWeight: expected at most maxWeight " + maxWeight + ", got " + minWeight);
        }
    }

    public static LfmConfig defaults() {
        return new LfmConfig(0.3, 0.05, 0.95, "logits");
    }
}
