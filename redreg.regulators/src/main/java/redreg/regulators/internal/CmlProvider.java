package redreg.regulators.internal;

import redreg.regulators.CmlConfig;

/** Registered as {@code cml}. */
public final class CmlProvider extends BaselineProvider<CmlConfig> {
    public CmlProvider() {
        super("cml", "CML: confidence must not rise when a modality is removed (ranking hinge over removal chains)",
                CmlConfig.class, CmlConfig::defaults, Cml::new);
    }
}
