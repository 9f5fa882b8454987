package redreg.example.gradnorm;

import java.util.List;
import redreg.api.ConfigException;
import redreg.api.Range;

/**
 * Options of the {@code gradnorm} regulator. Each step, with n_m = ‖g_m‖ the norm of modality m's encoder
 * gradient (all its tensors together) and n̄ the mean of n_m over the balanced modalities, every balanced
 * modality's gradient is scaled by s_m = clamp((n̄ / n_m)^strength, 1/maxScale, maxScale).
 *
 * @param strength   how far the norms move toward their mean: 0 leaves them unchanged, 1 makes them equal
 * @param modalities the modalities to balance (at least two); empty: every modality of the task
 * @param maxScale   bound on the scale factor and its inverse (at least 1), so a vanishing gradient is not blown up
 */
public record GradNormConfig(@Range(min = 0, max = 1) double strength, List<String> modalities,
                             @Range(min = 1) double maxScale) {

    public GradNormConfig {
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
        if (modalities.size() == 1) {
            throw ConfigException.at("modalities", "expected at least two modalities to balance (or none: all), got "
                    + modalities);
        }
    }

    public static GradNormConfig defaults() {
        return new GradNormConfig(0.5, List.of(), 10.0);
    }
}
