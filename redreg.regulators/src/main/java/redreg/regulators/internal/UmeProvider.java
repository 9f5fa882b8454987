package redreg.regulators.internal;

import redreg.regulators.UmeConfig;

/** Registered as {@code ume}. */
public final class UmeProvider extends BaselineProvider<UmeConfig> {
    public UmeProvider() {
        super("ume", "UME: uni-modal ensemble, every modality trained alone, the heads averaged at test time",
                UmeConfig.class, UmeConfig::defaults, Ume::new);
    }
}
