package redreg.regulators.internal;

import redreg.regulators.LinearProbeConfig;

/** Registered as {@code linear-probe}. */
public final class LinearProbeProvider extends BaselineProvider<LinearProbeConfig> {
    public LinearProbeProvider() {
        super("linear-probe", "Linear probe: joint training, then frozen encoders and a fresh fusion head for the last epochs",
                LinearProbeConfig.class, LinearProbeConfig::defaults, LinearProbe::new);
    }

    /** Regression too (issue 19): joint training, then a fresh fusion head on frozen encoders: any loss. */
    @Override
    public boolean supports(redreg.api.Objective objective) {
        return true;
    }
}
