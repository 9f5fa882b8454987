package redreg.regulators.internal;

import redreg.regulators.LfmConfig;

/** Registered as {@code lfm}. */
public final class LfmProvider extends BaselineProvider<LfmConfig> {
    public LfmProvider() {
        super("lfm", "LFM: fused cross-entropy mixed with a Jensen-Shannon alignment of the modalities, the mix decaying"
                + " with the epoch", LfmConfig.class, LfmConfig::defaults, Lfm::new);
    }
}
