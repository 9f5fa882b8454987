package redreg.api.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import redreg.api.internal.config.Nodes;
import redreg.api.internal.config.YamlComposer;
import redreg.api.stability.Experimental;

/** Config records as YAML trees, spelled the way the YAML loader reads them back. */
@Experimental(since = "0.1", why = "config helpers of the facade")
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

    /** What {@link #checkPlainName} accepts: a file name that cannot climb out of, or nest inside, its folder. */
    public static final String PLAIN_NAME_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit,"
            + " at most 100 characters";
    private static final java.util.regex.Pattern PLAIN_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * A name used as a file or folder name (a run's or a table's {@code name}) must be a plain file name, so that
     * nothing is written outside the folder the user named; throws a {@link redreg.api.ConfigException} at {@code key}.
     */
    public static String checkPlainName(String key, String value) {
        if (value == null || !PLAIN_NAME.matcher(value).matches()) {
            throw redreg.api.ConfigException.at(key, "expected a plain file name (" + PLAIN_NAME_RULE + "), got "
                    + (value == null ? "nothing" : "'" + value + "'"));
        }
        return value;
    }

    /** A folder key ({@code output.dir}) must name a folder: an empty one would write into the working directory. */
    public static String checkFolder(String key, String value) {
        if (value == null || value.isBlank()) {
            throw redreg.api.ConfigException.at(key, "expected a folder, got " + (value == null ? "nothing"
                    : "an empty string") + " (use . for the working directory)");
        }
        return value;
    }

    /** Reads a YAML file into a tree; a one-line error names the file (and the key of a duplicate or a .nan). */
    public static JsonNode readYaml(java.nio.file.Path file) {
        try {
            return YamlComposer.readTree(java.nio.file.Files.readString(file), file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new redreg.api.ConfigException("file not found: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new redreg.api.ConfigException(YamlComposer.notText(file));
        } catch (java.io.IOException e) {
            throw new redreg.api.ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The documented range of a numeric config key, from its {@link redreg.api.Range}: {@code >= 1},
     * {@code (0, 1]}, {@code any}; null for a key that is not numeric or has no range.
     */
    public static String range(java.lang.reflect.RecordComponent component) {
        return redreg.api.internal.config.Ranges.shortForm(component);
    }

    /** Whether a record component holds a number (or a list of numbers). */
    public static boolean isNumeric(java.lang.reflect.RecordComponent component) {
        return redreg.api.internal.config.Ranges.numericType(component) != null;
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
