package redreg.fusion;

import redreg.api.ConfigException;
import redreg.api.Range;

/**
 * Gated fusion: each modality is projected to {@code hidden} units, {@code o_m = Linear(z_m)}; the gate
 * modality's projection, squashed, gates the other's: {@code logits = Linear(σ(o_gate) ⊙ o_other)} (as in the
 * OGM-GE/InfoReg/RedReg reference code).
 *
 * <p>More than two modalities: the one gate multiplies the sum of all the other modalities' projections,
 * {@code logits = Linear(σ(o_gate) ⊙ Σ_{m≠gate} o_m)}; with two modalities this is exactly the reference.
 *
 * @param gate   the gating modality; unset (null): the first modality
 * @param hidden size of the projections; 0: the gate modality's feature size (the reference uses the
 *               encoders' output size)
 */
public record GatedConfig(String gate, @Range(min = 0) int hidden) {

    public GatedConfig {
        if (gate != null && gate.isBlank()) {
            throw ConfigException.at("gate", "expected a modality name, got an empty string");
        }
    }

    public static GatedConfig defaults() {
        return new GatedConfig(null, 0);
    }
}
