package redreg.regulators.internal;

import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.regulators.OgmGeConfig;

/** Registered as {@code ogm-ge}. */
public final class OgmGeProvider implements RegulatorProvider<OgmGeConfig> {
    @Override
    public String name() {
        return "ogm-ge";
    }

    @Override
    public String description() {
        return "OGM-GE: tanh gradient coefficient on the dominant modality + Gaussian enhancement";
    }

    @Override
    public Class<OgmGeConfig> configType() {
        return OgmGeConfig.class;
    }

    @Override
    public OgmGeConfig defaults() {
        return OgmGeConfig.defaults();
    }

    @Override
    public Regulator create(OgmGeConfig config) {
        return new OgmGe(config);
    }
}
