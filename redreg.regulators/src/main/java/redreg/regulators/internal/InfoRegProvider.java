package redreg.regulators.internal;

import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.regulators.InfoRegConfig;

/** Registered as {@code inforeg}. */
public final class InfoRegProvider implements RegulatorProvider<InfoRegConfig> {
    @Override
    public String name() {
        return "inforeg";
    }

    @Override
    public String description() {
        return "InfoReg: Fisher-trace prime learning window + proximal slow-down of the information-sufficient modality";
    }

    @Override
    public Class<InfoRegConfig> configType() {
        return InfoRegConfig.class;
    }

    @Override
    public InfoRegConfig defaults() {
        return InfoRegConfig.defaults();
    }

    @Override
    public Regulator create(InfoRegConfig config) {
        return new InfoReg(config);
    }
}
