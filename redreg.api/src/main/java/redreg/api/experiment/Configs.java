package redreg.api.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import redreg.api.internal.config.Nodes;
import redreg.api.internal.config.YamlComposer;

/** Config records as YAML trees, spelled the way the YAML loader reads them back. */
public final class Configs {
    private Configs() {
    }

    public static JsonNode toNode(Object value) {
        return Nodes.toNode(value);
    }

    public static String toYaml(Object value) {
        try {
            return YamlComposer.YAML.writeValueAsString(Nodes.toNode(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
