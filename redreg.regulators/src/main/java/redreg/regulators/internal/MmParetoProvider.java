package redreg.regulators.internal;

import redreg.regulators.MmParetoConfig;

/** Registered as {@code mmpareto}. */
public final class MmParetoProvider extends BaselineProvider<MmParetoConfig> {
    public MmParetoProvider() {
        super("mmpareto", "MMPareto: per-encoder Pareto (min-norm) blend of multimodal and unimodal gradients",
                MmParetoConfig.class, MmParetoConfig::defaults, MmPareto::new);
    }

    /** Regression too (issue 19): it blends the gradients of the fused and unimodal losses, whatever the loss. */
    @Override
    public boolean supports(redreg.api.Objective objective) {
        return true;
    }
}
