package redreg.regulators.internal;

import redreg.regulators.UmtConfig;

/** Registered as {@code umt}. */
public final class UmtProvider extends BaselineProvider<UmtConfig> {
    public UmtProvider() {
        super("umt", "UMT: uni-modal teachers trained first, their features distilled into the encoders (MSE)",
                UmtConfig.class, UmtConfig::defaults, Umt::new);
    }
}
