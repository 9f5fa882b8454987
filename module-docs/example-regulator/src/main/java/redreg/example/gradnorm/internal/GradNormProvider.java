package redreg.example.gradnorm.internal;

import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.example.gradnorm.GradNormConfig;

/**
 * Registered as {@code gradnorm} by {@code provides redreg.api.RegulatorProvider with …} in module-info.java.
 * ServiceLoader needs a public class with a public no-argument constructor (or a public static
 * {@code provider()} method); the class itself may live in a package the module does not export.
 */
public final class GradNormProvider implements RegulatorProvider<GradNormConfig> {

    @Override
    public String name() {
        return "gradnorm";
    }

    @Override
    public String description() {
        return "example plug-in: scales each modality's encoder gradients so their norms move toward the mean norm";
    }

    @Override
    public Class<GradNormConfig> configType() {
        return GradNormConfig.class;
    }

    @Override
    public GradNormConfig defaults() {
        return GradNormConfig.defaults();
    }

    @Override
    public Regulator create(GradNormConfig config) {
        return new GradNorm(config);
    }
}
