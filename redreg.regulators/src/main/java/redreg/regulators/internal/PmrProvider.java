package redreg.regulators.internal;

import redreg.regulators.PmrConfig;

/** Registered as {@code pmr}. */
public final class PmrProvider extends BaselineProvider<PmrConfig> {
    public PmrProvider() {
        super("pmr", "PMR: prototypical cross-entropy on the modalities behind the others", PmrConfig.class,
                PmrConfig::defaults, Pmr::new);
    }
}
