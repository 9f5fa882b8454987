package redreg.regulators.internal;

import redreg.regulators.AmcoConfig;

/** Registered as {@code amco}. */
public final class AmcoProvider extends BaselineProvider<AmcoConfig> {
    public AmcoProvider() {
        super("amco", "AMCo: a growing share of the dependent modality's feature entries masked in the fused forward",
                AmcoConfig.class, AmcoConfig::defaults, Amco::new);
    }
}
