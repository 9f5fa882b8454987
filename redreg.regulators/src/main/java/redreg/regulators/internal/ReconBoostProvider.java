package redreg.regulators.internal;

import redreg.regulators.ReconBoostConfig;

/** Registered as {@code reconboost}. */
public final class ReconBoostProvider extends BaselineProvider<ReconBoostConfig> {
    public ReconBoostProvider() {
        super("reconboost", "ReconBoost: modality-alternating boosting stages, each followed by global rectification"
                + " of the heads' ensemble", ReconBoostConfig.class, ReconBoostConfig::defaults, ReconBoost::new);
    }
}
