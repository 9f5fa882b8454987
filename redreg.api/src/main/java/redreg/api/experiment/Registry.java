package redreg.api.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import redreg.api.ConfigException;
import redreg.api.EncoderProvider;
import redreg.api.ModalityEncoder;
import redreg.api.ModalitySpec;
import redreg.api.config.EncoderSpec;
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
    private final Map<String, EncoderProvider<?>> encoders;

    private Registry(Map<String, RegulatorProvider<?>> r, Map<String, FusionProvider<?>> f, Map<String, TaskProvider<?>> t,
                     Map<String, EncoderProvider<?>> e) {
        this.regulators = r;
        this.fusions = f;
        this.tasks = t;
        this.encoders = e;
        if (e.containsKey("auto")) {
            throw new IllegalStateException("encoder name 'auto' is reserved: " + e.get("auto").getClass().getName());
        }
    }

    /** Discovers every provider visible to redreg.api. */
    public static Registry discover() {
        return new Registry(load(RegulatorProvider.class), load(FusionProvider.class), load(TaskProvider.class),
                load(EncoderProvider.class));
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

    public Collection<EncoderProvider<?>> encoders() {
        return encoders.values();
    }

    /** The encoder named {@code kind}; an unknown one is a one-line error listing the kinds found. */
    public EncoderProvider<?> encoder(String kind, String where) {
        EncoderProvider<?> p = encoders.get(kind);
        if (p == null) {
            java.util.List<String> valid = new java.util.ArrayList<>(java.util.List.of("auto"));
            valid.addAll(encoders.keySet());
            throw new ConfigException(where + ": unknown encoder '" + kind + "'; "
                    + ConfigException.didYouMean(kind, valid) + "valid: " + String.join(", ", valid));
        }
        return p;
    }

    /** The encoder a spec names; an unknown kind is a one-line error naming where it was set. */
    EncoderProvider<?> encoder(EncoderSpec spec, String path, Provenance where) {
        try {
            return encoder(spec.kind(), path);
        } catch (ConfigException e) {
            throw RecordBinder.error(where, path + ".kind", e.getMessage().substring(path.length() + 2));
        }
    }

    /** A modality's encoder from a spec given in code: the plug-in chosen ({@code auto}: by rank) and bound. */
    public ModalityEncoder modalityEncoder(ModalitySpec m, EncoderSpec spec) {
        return modalityEncoder(m, spec, "model.encoder", Provenance.none("<code>"), java.util.Set.of());
    }

    /**
     * @param shared keys of the spec's options that came from the shared {@code model.encoder} block: they apply
     *               where the chosen encoder takes them (a per-modality encoder of another kind skips the rest)
     */
    ModalityEncoder modalityEncoder(ModalitySpec m, EncoderSpec spec, String path, Provenance where,  // m null: no rank check
                                    java.util.Set<String> shared) {
        int rank = m == null ? -1 : m.shape().length;
        EncoderProvider<?> p;
        if (spec.kind().equals("auto")) {
            p = autoEncoder(rank);
            if (p == null) {
                throw RecordBinder.error(where, path + ".kind", "auto: no encoder is chosen for samples of rank "
                        + rank + " (modality " + m + "); name one");
            }
        } else {
            p = encoder(spec, path, where);
        }
        if (m != null && !p.ranks().isEmpty() && !p.ranks().contains(rank)) {
            throw RecordBinder.error(where, path + ".kind", "'" + p.name() + "' needs inputs of rank "
                    + p.ranks().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" or "))
                    + " but modality " + m + " has rank " + rank);
        }
        var options = spec.options();
        java.util.Set<String> keys = java.util.Arrays.stream(p.configType().getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).collect(java.util.stream.Collectors.toSet());
        shared.stream().filter(k -> !keys.contains(k)).forEach(options::remove);
        return new ModalityEncoder(p, bind(p, options, path, where), spec.featureSize());
    }

    /** The encoder {@code kind: auto} picks for samples of this rank, or null. */
    public EncoderProvider<?> autoEncoder(int rank) {
        return encoders.values().stream().filter(p -> p.autoRank() == rank).findFirst().orElse(null);
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
