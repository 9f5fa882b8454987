package redreg.regulators.internal;

import redreg.regulators.GBlendingConfig;

/** Registered as {@code g-blending}. */
public final class GBlendingProvider extends BaselineProvider<GBlendingConfig> {
    public GBlendingProvider() {
        super("g-blending", "Gradient-Blending: M+1 head losses weighted by ΔG/ΔO² estimated on forked copies",
                GBlendingConfig.class, GBlendingConfig::defaults, GBlending::new);
    }

    /** Regression too (issue 19): ΔG/ΔO² are read off loss values on forked copies, of whatever loss. */
    @Override
    public boolean supports(redreg.api.Objective objective) {
        return true;
    }
}
