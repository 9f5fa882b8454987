package redreg.regulators.internal;

import redreg.regulators.UmtConfig;

/** Registered as {@code umt}. */
public final class UmtProvider extends BaselineProvider<UmtConfig> {
    public UmtProvider() {
        super("umt", "UMT: uni-modal teachers trained first, their features distilled into the encoders (MSE)",
                UmtConfig.class, UmtConfig::defaults, Umt::new);
    }

    /** Regression too (issue 19): teachers train on their head's loss, the distillation is an MSE on features. */
    @Override
    public boolean supports(redreg.api.Objective objective) {
        return true;
    }
}
