package redreg.regulators;

import java.util.List;
import redreg.api.ConfigException;

/**
 * MLA's options (Zhang, Yoon, Bansal &amp; Yao, CVPR 2024, "Multimodal representation learning by alternating
 * unimodal adaptation"; official code Cecile-hi/Multimodal-Learning-with-Alternating-Unimodal-Adaptation).
 *
 * @param projection the gradient modification of the shared head after each unimodal phase: {@code replace}
 *                   (∇W ← ∇W·Pᵀ, what the official GSPlugin writes and the paper describes), {@code add}
 *                   (∇W ← ∇W + ∇W·Pᵀ, BalanceBenchmark's), or {@code off} (what the released official code
 *                   effectively runs: its parameter-name check never matches)
 */
public record MlaConfig(String projection) {
    public static final List<String> PROJECTIONS = List.of("replace", "add", "off");

    public MlaConfig {
        if (!PROJECTIONS.contains(projection)) {
            throw new ConfigException("projection: expected one of " + String.join(", ", PROJECTIONS) + ", got '"
                    + projection + "'");
        }
    }

    public static MlaConfig defaults() {
        return new MlaConfig("replace");
    }
}
