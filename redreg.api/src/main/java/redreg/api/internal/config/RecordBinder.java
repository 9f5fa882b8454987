package redreg.api.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import redreg.api.ConfigException;
import redreg.api.config.PluginSpec;

/**
 * Binds a YAML node onto a config record's defaults: keys are component names; unknown keys, wrong types
 * and bad enum values fail with one line naming the file, the key, what was expected and the choices.
 */
public final class RecordBinder {

    private RecordBinder() {
    }

    public static <R extends Record> R bind(Class<R> type, R defaults, JsonNode node, String path, Provenance where) {
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            throw error(where, path, "expected a mapping of " + keysOf(type) + ", got '" + node.asText() + "'");
        }
        RecordComponent[] components = type.getRecordComponents();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (Arrays.stream(components).noneMatch(c -> c.getName().equals(key))) {
                List<String> valid = Arrays.stream(components).map(RecordComponent::getName).toList();
                throw error(where, join(path, key), "unknown key; " + ConfigException.didYouMean(key, valid)
                        + "valid keys: " + keysOf(type));
            }
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            Object def = defaults == null ? null : read(c, defaults);
            JsonNode child = node.get(c.getName());
            if (child == null) {
                values[i] = def;
            } else {
                values[i] = convert(c.getGenericType(), def, child, join(path, c.getName()), where);
                checkRange(c, values[i], join(path, c.getName()), where);
            }
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                throw locate(ce, path, where);
            }
            throw error(where, path, "invalid value: " + cause.getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("config record " + type.getName()
                    + " is not accessible: export its package from its module", e);
        }
    }

    /** Every value set for a component with a {@link redreg.api.Range} (each element of a list) must lie in it. */
    private static void checkRange(RecordComponent c, Object value, String path, Provenance where) {
        if (value instanceof Number n) {
            String problem = Ranges.violation(c, n);
            if (problem != null) {
                throw error(where, path, problem);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String problem = list.get(i) instanceof Number n ? Ranges.violation(c, n) : null;
                if (problem != null) {
                    throw error(where, path + "[" + i + "]", problem);
                }
            }
        }
    }

    /**
     * A check of the config at {@code path} failed (a record's constructor, a plug-in's {@code validate}): its key,
     * relative to that config, gets the config's path in front, and the error names the file or override that set
     * that key (not whoever set the config's parent node). A problem of no particular key is located at
     * {@code path}. An error that already names its source is returned as it is.
     */
    public static ConfigException locate(ConfigException e, String path, Provenance where) {
        if (e.source() != null) {
            return e;
        }
        e.prependPath(path);
        return e.withSource(where.sourceOf(e.path() == null ? "" : e.path()));
    }

    /**
     * An error whose key is a full path of the experiment ({@code fusion.gate}, thrown where the whole run is known)
     * names the file or override that set that key; any other error as it is.
     */
    public static ConfigException attribute(ConfigException e, Provenance where) {
        return e.path() == null ? e : e.withSource(where.sourceOf(e.path()));
    }

    /** {@link #locate} for an error that names a key of the config at {@code path}; any other error as it is. */
    public static ConfigException locateKey(ConfigException e, String path, Provenance where) {
        return e.path() == null ? e : locate(e, path, where);
    }

    static Object read(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName()
                    + ": export its package from its module", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Type generic, Object def, JsonNode n, String path, Provenance where) {
        Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        if (n.isNull()) {
            // null only keeps an unset key unset (a preset decides); elsewhere it would reach the code as a null
            if (def != null || raw.isPrimitive() || path.endsWith("]")) {
                throw error(where, path, "expected " + describe(raw) + ", got null"
                        + (path.endsWith("]") ? "" : " (leave the key out to keep its default)"));
            }
            return null;
        }
        if (raw == int.class || raw == Integer.class) {
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw error(where, path, "expected an integer, got '" + n.asText() + "'");
            }
            return n.intValue();
        }
        if (raw == long.class || raw == Long.class) {
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw error(where, path, "expected an integer, got '" + n.asText() + "'");
            }
            return n.longValue();
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            if (!n.isNumber()) {
                throw error(where, path, "expected a number, got '" + n.asText() + "'");
            }
            return raw == float.class || raw == Float.class ? (Object) n.floatValue() : (Object) n.doubleValue();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (!n.isBoolean()) {
                throw error(where, path, "expected true or false, got '" + n.asText() + "'");
            }
            return n.booleanValue();
        }
        if (raw == String.class) {
            if (!n.isValueNode()) {
                throw error(where, path, "expected a string, got a " + n.getNodeType().toString().toLowerCase());
            }
            return n.asText();
        }
        if (raw.isEnum()) {
            String text = n.asText();
            for (Object constant : raw.getEnumConstants()) {
                if (Nodes.enumName((Enum<?>) constant).equals(text)) {
                    return constant;
                }
            }
            List<String> choices = Arrays.stream(raw.getEnumConstants()).map(e -> Nodes.enumName((Enum<?>) e)).toList();
            throw error(where, path, "unknown value '" + text + "'; " + ConfigException.didYouMean(text, choices)
                    + "valid values: " + String.join(", ", choices));
        }
        if (raw == redreg.api.config.EncoderSpec.class) {
            return encoderSpec((redreg.api.config.EncoderSpec) def, n, path, where);
        }
        if (raw == PluginSpec.class) {
            // {task: {trainSize: 64}} without a name keeps the default plug-in (a key left out takes its default)
            if (n.isObject() && !n.has("name") && def instanceof PluginSpec d) {
                ObjectNode named = ((ObjectNode) n).deepCopy();
                named.put("name", d.name());
                return pluginSpec(named, path, where);
            }
            return pluginSpec(n, path, where);
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            if (raw == ObjectNode.class && !n.isObject()) {
                throw error(where, path, "expected a mapping, got '" + n.asText() + "'");
            }
            return n.deepCopy();
        }
        if (raw.isRecord()) {
            return bind((Class) raw, (Record) def, n, path, where);
        }
        if (raw == List.class) {
            if (!n.isArray()) {
                throw error(where, path, "expected a list, got '" + n.asText() + "'");
            }
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                out.add(convert(element, null, n.get(i), path + "[" + i + "]", where));
            }
            return List.copyOf(out);
        }
        if (raw == Map.class) {
            if (!n.isObject()) {
                throw error(where, path, "expected a mapping, got '" + n.asText() + "'");
            }
            Type valueType = ((ParameterizedType) generic).getActualTypeArguments()[1];
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            n.fields().forEachRemaining(e -> out.put(e.getKey(),
                    convert(valueType, null, e.getValue(), join(path, e.getKey()), where)));
            return java.util.Collections.unmodifiableMap(out);
        }
        throw new IllegalStateException("unsupported config type " + generic + " at " + path);
    }

    /**
     * {@code {kind: cnn, featureSize: 64, width: 8}} on top of {@code def}: kind and featureSize are the spec's own
     * keys, every other key an option of the encoder (merged over {@code def}'s, bound when the encoder is known).
     */
    public static redreg.api.config.EncoderSpec encoderSpec(redreg.api.config.EncoderSpec def, JsonNode n, String path,
                                                     Provenance where) {
        if (!n.isObject()) {
            throw error(where, path, "expected a mapping, got '" + n.asText() + "'");
        }
        redreg.api.config.EncoderSpec base = def == null ? redreg.api.config.EncoderSpec.defaults() : def;
        String kind = base.kind();
        int featureSize = base.featureSize();
        ObjectNode options = base.options();
        for (var it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            switch (e.getKey()) {
                case "kind" -> kind = (String) convert(String.class, null, e.getValue(), join(path, "kind"), where);
                case "featureSize" -> {
                    featureSize = (Integer) convert(int.class, null, e.getValue(), join(path, "featureSize"), where);
                    checkRange(redreg.api.config.EncoderSpec.class.getRecordComponents()[1], featureSize,
                            join(path, "featureSize"), where);
                }
                default -> options.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return new redreg.api.config.EncoderSpec(kind, featureSize, options);
    }

    /** {@code redreg} or {@code {name: redreg, beta: 0.5}}. */
    public static PluginSpec pluginSpec(JsonNode n, String path, Provenance where) {
        if (n.isTextual()) {
            return PluginSpec.of(n.asText());
        }
        if (!n.isObject() || !n.has("name") || !n.get("name").isTextual()) {
            throw error(where, join(path, "name"), "expected a plug-in name (a string), e.g. " + path + ": {name: …}");
        }
        ObjectNode options = ((ObjectNode) n).deepCopy();
        String name = options.remove("name").asText();
        return new PluginSpec(name, options);
    }

    private static String describe(Class<?> raw) {
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class || raw.isEnum()) {
            return "a string";
        }
        if (Ranges.isNumeric(raw)) {
            return Ranges.isIntegral(raw) ? "an integer" : "a number";
        }
        if (raw == List.class) {
            return "a list";
        }
        return raw == PluginSpec.class ? "a plug-in name or mapping" : "a mapping";
    }

    public static String keysOf(Class<? extends Record> type) {
        if (type.getRecordComponents().length == 0) {
            return "(none: it takes no options)";
        }
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(", "));
    }

    public static String join(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    /** The problem {@code what} with the key {@code path}, naming the file or override that set it. */
    public static ConfigException error(Provenance where, String path, String what) {
        return ConfigException.at(path, what).withSource(where.sourceOf(path));
    }
}
