package redreg.fusion;

import redreg.api.ConfigException;

/**
 * FiLM: the conditioner modality scales and shifts the conditioned one's features,
 * {@code γ, β = split(Linear(z_conditioner → 2·d_conditioned))}, {@code h = γ ⊙ z_conditioned + β},
 * then a linear head on h (as in the OGM-GE/InfoReg/RedReg reference code). Because γ and β come out of that
 * linear layer with the conditioned modality's size, different feature sizes need no extra projection.
 *
 * <p>More than two modalities: the conditioner FiLM-s one modality; every remaining modality (neither
 * conditioner nor conditioned) is concatenated, unchanged, alongside h before the head:
 * {@code logits = Linear([h; z_others…])}. The conditioner reaches the logits only through γ and β.
 *
 * @param conditioner modality producing γ and β; unset (null): the first modality, or the second when
 *                    {@code conditioned} names the first
 * @param conditioned modality being modulated; unset (null): the first modality that is not the conditioner
 */
public record FilmConfig(String conditioner, String conditioned) {

    public FilmConfig {
        if (conditioner != null && conditioner.isBlank() || conditioned != null && conditioned.isBlank()) {
            throw new ConfigException("conditioner/conditioned: expected a modality name, got an empty string");
        }
        if (conditioner != null && conditioner.equals(conditioned)) {
            throw ConfigException.at("conditioned", "must differ from conditioner, both are '" + conditioner + "'");
        }
    }

    public static FilmConfig defaults() {
        return new FilmConfig(null, null);
    }
}
