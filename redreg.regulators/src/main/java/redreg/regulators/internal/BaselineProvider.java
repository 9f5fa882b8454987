package redreg.regulators.internal;

import java.util.function.Function;
import java.util.function.Supplier;
import redreg.api.Regulator;
import redreg.api.RegulatorProvider;

/** The shared shape of the baseline methods' providers: a name, a line, a config record and a factory. */
abstract class BaselineProvider<C extends Record> implements RegulatorProvider<C> {
    private final String name;
    private final String description;
    private final Class<C> type;
    private final Supplier<C> defaults;
    private final Function<C, Regulator> factory;

    BaselineProvider(String name, String description, Class<C> type, Supplier<C> defaults,
                     Function<C, Regulator> factory) {
        this.name = name;
        this.description = description;
        this.type = type;
        this.defaults = defaults;
        this.factory = factory;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Class<C> configType() {
        return type;
    }

    @Override
    public final C defaults() {
        return defaults.get();
    }

    @Override
    public final Regulator create(C config) {
        return factory.apply(config);
    }
}
