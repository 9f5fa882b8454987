package redreg.regulators.internal;

import java.util.function.Function;
import java.util.function.Supplier;
import redreg.api.BasicPlugin;
import redreg.api.Regulator;
import redreg.api.RegulatorProvider;

/** The shared shape of the baseline methods' providers: a name, a line, a config record and a factory. */
abstract class BaselineProvider<C extends Record> extends BasicPlugin<C> implements RegulatorProvider<C> {
    private final Function<C, Regulator> factory;

    BaselineProvider(String name, String description, Class<C> type, Supplier<C> defaults,
                     Function<C, Regulator> factory) {
        super(name, description, type, defaults);
        this.factory = factory;
    }

    @Override
    public final Regulator create(C config) {
        return factory.apply(config);
    }
}
