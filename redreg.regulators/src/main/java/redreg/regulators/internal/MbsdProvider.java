package redreg.regulators.internal;

import redreg.regulators.MbsdConfig;

/** Registered as {@code mbsd}. */
public final class MbsdProvider extends BaselineProvider<MbsdConfig> {
    public MbsdProvider() {
        super("mbsd", "MBSD: unimodal losses plus gap-weighted self-distillation between the heads' predictions",
                MbsdConfig.class, MbsdConfig::defaults, Mbsd::new);
    }
}
