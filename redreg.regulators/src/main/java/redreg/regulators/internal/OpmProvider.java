package redreg.regulators.internal;

import redreg.regulators.OpmConfig;

/** Registered as {@code opm}. */
public final class OpmProvider extends BaselineProvider<OpmConfig> {
    public OpmProvider() {
        super("opm", "OPM (TPAMI 2024): the dominant modality's features dropped in the fused forward, boosted probability",
                OpmConfig.class, OpmConfig::defaults, Opm::new);
    }
}
