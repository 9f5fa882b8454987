package redreg.api.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import redreg.api.internal.config.Nodes;
import redreg.api.internal.config.YamlComposer;

/** Config records as YAML trees, spelled the way the YAML loader reads them back. */
public final class Configs {
    private Configs() {
    }

    /**
     * Binds a YAML tree onto a record's defaults with the registry's rules (unknown keys rejected listing the
     * valid ones; errors name {@code source} and the key).
     */
    public static <R extends Record> R bind(Class<R> type, R defaults, JsonNode node, String source) {
        return redreg.api.internal.config.RecordBinder.bind(type, defaults, node, "",
                new redreg.api.internal.config.Provenance(source));
    }

    /** Reads a YAML file into a tree; a one-line error names the file. */
    public static JsonNode readYaml(java.nio.file.Path file) {
        try {
            return YamlComposer.YAML.readTree(java.nio.file.Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new redreg.api.ConfigException("file not found: " + file);
        } catch (java.io.IOException e) {
            throw new redreg.api.ConfigException(file + ": cannot read: " + e.getMessage());
        }
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
