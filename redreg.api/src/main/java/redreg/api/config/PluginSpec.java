package redreg.api.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import redreg.api.stability.Stable;

/**
 * A plug-in chosen in YAML: {@code regulator: redreg} or {@code regulator: {name: redreg, beta: 0.5}}.
 *
 * @param name    the provider's name
 * @param options the remaining keys, bound onto the provider's config record when the run starts
 */
@Stable(since = "0.1")
public record PluginSpec(String name, ObjectNode options) {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    public PluginSpec {
        options = options == null ? JsonNodeFactory.instance.objectNode() : options.deepCopy();
    }

    public static PluginSpec of(String name) {
        return new PluginSpec(name, null);
    }

    /** This spec with one more option (dotted keys are not split). */
    public PluginSpec with(String key, Object value) {
        ObjectNode copy = options.deepCopy();
        copy.set(key, MAPPER.valueToTree(value));
        return new PluginSpec(name, copy);
    }

    @Override
    public ObjectNode options() {
        return options.deepCopy();
    }
}
