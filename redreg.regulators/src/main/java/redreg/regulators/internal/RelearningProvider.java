package redreg.regulators.internal;

import redreg.regulators.RelearningConfig;

/** Registered as {@code relearning}; {@link Drbml} registers the same method as {@code drbml}. */
public class RelearningProvider extends BaselineProvider<RelearningConfig> {
    public RelearningProvider() {
        this("relearning", "Diagnosing & Re-learning: k-means purity gap train/validation, partial encoder re-init");
    }

    RelearningProvider(String name, String description) {
        super(name, description, RelearningConfig.class, RelearningConfig::defaults, Relearning::new);
    }

    /** The name the RedReg paper's tables use (DRBML: Diagnosing and Re-learning for Balanced Multimodal Learning). */
    public static final class Drbml extends RelearningProvider {
        public Drbml() {
            super("drbml", "DRBML: the paper tables' name of relearning (Diagnosing & Re-learning)");
        }
    }
}
