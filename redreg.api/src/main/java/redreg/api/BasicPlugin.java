package redreg.api;

import java.util.function.Supplier;
import redreg.api.stability.Experimental;

/**
 * The part of a plug-in's provider that is only data — its name, one-line description, config record and defaults —
 * for providers that add nothing but their factory: {@code class Provider extends BasicPlugin<MyConfig> implements
 * TaskProvider<MyConfig>} with a constructor and {@code create}.
 */
@Experimental(since = "0.1", why = "issue 18: new; the built-in tasks and baselines use it")
public abstract class BasicPlugin<C extends Record> implements Plugin<C> {
    private final String name;
    private final String description;
    private final Class<C> configType;
    private final Supplier<C> defaults;

    protected BasicPlugin(String name, String description, Class<C> configType, Supplier<C> defaults) {
        this.name = name;
        this.description = description;
        this.configType = configType;
        this.defaults = defaults;
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
        return configType;
    }

    @Override
    public final C defaults() {
        return defaults.get();
    }
}
