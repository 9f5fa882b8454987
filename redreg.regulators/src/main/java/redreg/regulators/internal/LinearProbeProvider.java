package redreg.regulators.internal;

import redreg.regulators.LinearProbeConfig;

/** Registered as {@code linear-probe}. */
public final class LinearProbeProvider extends BaselineProvider<LinearProbeConfig> {
    public LinearProbeProvider() {
        super("linear-probe", "Linear probe: joint training, then frozen encoders and a fresh fusion head for the last epochs",
                LinearProbeConfig.class, LinearProbeConfig::defaults, LinearProbe::new);
    }
}
