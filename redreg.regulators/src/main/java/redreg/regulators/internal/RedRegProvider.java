package redreg.regulators.internal;

import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.regulators.RedRegConfig;

/** Registered as {@code redreg}. */
public final class RedRegProvider implements RegulatorProvider<RedRegConfig> {

    @Override
    public String name() {
        return "redreg";
    }

    @Override
    public String description() {
        return "RedReg: redundancy-phase monitor + co-information gate + suppression orthogonal to the task gradient";
    }

    @Override
    public Class<RedRegConfig> configType() {
        return RedRegConfig.class;
    }

    @Override
    public RedRegConfig defaults() {
        return RedRegConfig.defaults();
    }

    /** Runs record every resolved option, so a changed preset changes the run's hash. */
    @Override
    public Record effective(RedRegConfig config) {
        return config.resolve();
    }

    @Override
    public void validate(RedRegConfig config) {
        config.resolve();
    }

    @Override
    public Regulator create(RedRegConfig config) {
        return new RedReg(config);
    }
}
