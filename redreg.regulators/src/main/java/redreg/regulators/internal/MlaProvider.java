package redreg.regulators.internal;

import redreg.regulators.MlaConfig;

/** Registered as {@code mla}. */
public final class MlaProvider extends BaselineProvider<MlaConfig> {
    public MlaProvider() {
        super("mla", "MLA: alternating unimodal steps through one shared head, its gradient projected (fusion shared-head)",
                MlaConfig.class, MlaConfig::defaults, Mla::new);
    }
}
