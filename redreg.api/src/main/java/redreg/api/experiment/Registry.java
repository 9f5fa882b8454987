package redreg.api.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import redreg.api.ConfigException;
import redreg.api.FusionProvider;
import redreg.api.Plugin;
import redreg.api.RegulatorProvider;
import redreg.api.TaskProvider;
import redreg.api.internal.config.Provenance;
import redreg.api.internal.config.RecordBinder;
import redreg.api.stability.Stable;

/** The plug-ins found by {@link ServiceLoader} on the module path (and class path), by kind and name. */
@Stable(since = "0.1")
public final class Registry {
    private final Map<String, RegulatorProvider<?>> regulators;
    private final Map<String, FusionProvider<?>> fusions;
    private final Map<String, TaskProvider<?>> tasks;

    private Registry(Map<String, RegulatorProvider<?>> r, Map<String, FusionProvider<?>> f, Map<String, TaskProvider<?>> t) {
        this.regulators = r;
        this.fusions = f;
        this.tasks = t;
    }

    /** Discovers every provider visible to redreg.api. */
    public static Registry discover() {
        return new Registry(load(RegulatorProvider.class), load(FusionProvider.class), load(TaskProvider.class));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <P extends Plugin<?>> Map<String, P> load(Class<? extends Plugin> type) {
        Map<String, P> out = new TreeMap<>();
        for (Object p : ServiceLoader.load((Class) type, Registry.class.getClassLoader())) {
            P provider = (P) p;
            P clash = out.put(provider.name(), provider);
            if (clash != null && clash.getClass() != provider.getClass()) {
                throw new IllegalStateException("two " + type.getSimpleName() + "s are named '" + provider.name()
                        + "': " + clash.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    public Collection<RegulatorProvider<?>> regulators() {
        return regulators.values();
    }

    public Collection<FusionProvider<?>> fusions() {
        return fusions.values();
    }

    public Collection<TaskProvider<?>> tasks() {
        return tasks.values();
    }

    public RegulatorProvider<?> regulator(String name, String where) {
        return find(regulators, "regulator", name, where);
    }

    public FusionProvider<?> fusion(String name, String where) {
        return find(fusions, "fusion", name, where);
    }

    public TaskProvider<?> task(String name, String where) {
        return find(tasks, "task", name, where);
    }

    private static <P> P find(Map<String, P> map, String kind, String name, String where) {
        P p = map.get(name);
        if (p == null) {
            throw ConfigException.at(kind + ".name", "unknown " + kind + " '" + name + "'; "
                    + ConfigException.didYouMean(name, map.keySet()) + "available: " + String.join(", ", map.keySet()))
                    .withSource(where);
        }
        return p;
    }

    /** Binds options given in code (a JSON/YAML tree) onto a plug-in's defaults; errors name the key. */
    public static <C extends Record> C bind(Plugin<C> plugin, JsonNode options) {
        return bind(plugin, options, plugin.name(), Provenance.none("<code>"));
    }

    /** Binds a plug-in's options onto its defaults and validates them. */
    public static <C extends Record> C bind(Plugin<C> plugin, JsonNode options, String path, Provenance where) {
        C config = RecordBinder.bind(plugin.configType(), plugin.defaults(), options, path, where);
        try {
            plugin.validate(config);
        } catch (ConfigException e) {
            throw RecordBinder.locate(e, path, where);
        }
        return config;
    }
}
