package redreg.example.gradnorm.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ConfigException;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.api.signals.Gradients;
import redreg.example.gradnorm.GradNormConfig;

/**
 * Gradient-norm balancing. In {@link #regulate}, between backward and the optimizer: n_m = ‖g_m‖ over all of
 * modality m's encoder tensors, n̄ = mean of n_m, g_m ← s_m·g_m with s_m = clamp((n̄/n_m)^strength). The
 * gradients are rewritten in place ({@code muli}); the optimizer applies what is there.
 *
 * <p>Diagnostics (columns of {@code diagnostics.csv}): {@code gradnorm.before.<m>} (n_m),
 * {@code gradnorm.scale.<m>} (s_m) and {@code gradnorm.target} (n̄). The engine's own {@code gradNorm.<m>}
 * column is measured after the regulator, so it equals s_m·n_m.
 */
final class GradNorm implements Regulator {
    private final GradNormConfig config;
    private List<String> balanced;

    GradNorm(GradNormConfig config) {
        this.config = config;
    }

    /** Checks the configured modalities against the task's: a config error names the key and the choices. */
    @Override
    public void onTrainStart(TrainingContext context) {
        List<String> all = context.modalities();
        if (config.modalities().isEmpty()) {
            balanced = List.copyOf(all);
            return;
        }
        for (String m : config.modalities()) {
            if (!all.contains(m)) {
                throw ConfigException.at("regulator.modalities", "unknown modality '" + m + "'; "
                        + ConfigException.didYouMean(m, all) + "valid modalities: " + String.join(", ", all));
            }
        }
        balanced = List.copyOf(config.modalities());
    }

    /** Resumable: the only state, the balanced modalities, comes from the config and the task. */
    @Override
    public boolean saveState(PluginState state) {
        return true;
    }

    @Override
    public void restoreState(TrainingContext context, PluginState state) {
        onTrainStart(context);
    }

    @Override
    public void regulate(StepView step) {
        Map<String, Double> norms = new LinkedHashMap<>();
        List<Double> positive = new ArrayList<>();
        for (String m : balanced) {
            double n = Math.sqrt(Gradients.squaredNorm(step.modality(m).gradients()));
            norms.put(m, n);
            step.diagnostic("gradnorm.before." + m, n);
            if (n > 0) {
                positive.add(n);
            }
        }
        double target = positive.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        step.diagnostic("gradnorm.target", target);
        for (String m : balanced) {
            double n = norms.get(m);
            double scale = n > 0 && target > 0 ? clamp(Math.pow(target / n, config.strength())) : 1.0;
            step.diagnostic("gradnorm.scale." + m, scale);
            if (scale != 1.0) {
                for (INDArray g : step.modality(m).gradients().values()) {
                    g.muli(scale);
                }
            }
        }
    }

    private double clamp(double scale) {
        return Math.max(1 / config.maxScale(), Math.min(config.maxScale(), scale));
    }
}
