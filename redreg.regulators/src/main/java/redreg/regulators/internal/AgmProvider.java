package redreg.regulators.internal;

import redreg.regulators.AgmConfig;

/** Registered as {@code agm}. */
public final class AgmProvider extends BaselineProvider<AgmConfig> {
    public AgmProvider() {
        super("agm", "AGM: Shapley mono-modal responses from modality-removed passes, adaptive logit-gradient scales",
                AgmConfig.class, AgmConfig::defaults, Agm::new);
    }
}
