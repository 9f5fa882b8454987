package redreg.regulators.internal;

import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.regulators.GreedyConfig;

/** Registered as {@code greedy}. */
public final class GreedyProvider implements RegulatorProvider<GreedyConfig> {
    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public String description() {
        return "Greedy (Wu et al. 2022): MMTM re-balancing steps when the conditional learning speeds differ (fusion mmtm)";
    }

    @Override
    public Class<GreedyConfig> configType() {
        return GreedyConfig.class;
    }

    @Override
    public GreedyConfig defaults() {
        return GreedyConfig.defaults();
    }

    @Override
    public Regulator create(GreedyConfig config) {
        return new Greedy(config);
    }

    /** Regression too (issue 19): the conditional learning speeds read MMTM weights and the heads' losses, never class probabilities. */
    @Override
    public boolean supports(redreg.api.Objective objective) {
        return true;
    }
}
