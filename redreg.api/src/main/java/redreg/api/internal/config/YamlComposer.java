package redreg.api.internal.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redreg.api.ConfigException;

/**
 * Composes an experiment tree from YAML: {@code extends: base.yaml} (deep merge of the child onto its base,
 * paths relative to the child) and then {@code dotted.key=value} overrides, recording where each key came from.
 *
 * <p>Merge rules: mappings merge key by key; scalars and lists replace. A plug-in node
 * ({@code task}, {@code fusion}, {@code regulator}) whose {@code name} changes is replaced whole, since the
 * old plug-in's options do not apply to the new one.
 */
public final class YamlComposer {
    public static final Set<String> PLUGIN_KEYS = Set.of("task", "fusion", "regulator");
    /** Reads and writes YAML; a key given twice in one mapping is an error (not "the last one wins"). */
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** YAML's spellings of NaN and the infinities, which Jackson's YAML parser does not read as numbers. */
    private static final Pattern NON_FINITE = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    /** A tree as YAML text, in the style every file of the project is written in. */
    public static String toYaml(com.fasterxml.jackson.databind.JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A composed tree and the provenance of its keys. */
    public record Composed(ObjectNode tree, Provenance provenance, Path baseDir) {
    }

    private YamlComposer() {
    }

    public static Composed load(Path file, List<String> overrides) {
        Provenance prov = new Provenance(file.toString());
        ObjectNode tree = loadWithExtends(file.toAbsolutePath().normalize(), prov, new ArrayList<>());
        applyOverrides(tree, overrides, prov);
        return new Composed(tree, prov, file.toAbsolutePath().normalize().getParent());
    }

    public static Composed fromString(String yaml, String sourceName, Path baseDir, List<String> overrides) {
        Provenance prov = new Provenance(sourceName);
        ObjectNode tree = onBase(parse(yaml, sourceName), sourceName, baseDir, prov, new ArrayList<>());
        applyOverrides(tree, overrides, prov);
        return new Composed(tree, prov, baseDir);
    }

    private static ObjectNode loadWithExtends(Path file, Provenance prov, List<Path> chain) {
        if (chain.contains(file)) {
            throw new ConfigException(file + ": extends: cycle " + chain + " -> " + file);
        }
        chain.add(file);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            String from = chain.size() > 1 ? chain.get(chain.size() - 2) + ": extends: " : "";
            throw new ConfigException(from + "experiment file not found: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(notText(file));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return onBase(parse(text, file.toString()), file.toString(), file.getParent(), prov, chain);
    }

    /** The tree merged onto the file its {@code extends:} names (relative to {@code dir}), if any. */
    private static ObjectNode onBase(ObjectNode tree, String source, Path dir, Provenance prov, List<Path> chain) {
        JsonNode ext = tree.remove("extends");
        if (ext == null) {
            recordAll(tree, "", source, prov);
            return tree;
        }
        if (!ext.isTextual()) {
            throw new ConfigException(source + ": extends: expected a file path (a string), got " + ext);
        }
        ObjectNode base = loadWithExtends(dir.resolve(ext.asText()).normalize(), prov, chain);
        merge(base, tree, "", source, prov);
        return base;
    }

    private static ObjectNode parse(String text, String source) {
        JsonNode n = readTree(text, source);
        if (n == null || n.isMissingNode() || n.isNull() || n.isObject() && n.isEmpty()) {
            // an empty file would silently train every default
            throw new ConfigException(source + ": the file holds no keys (expected an experiment mapping, e.g."
                    + " task, fusion, regulator, training; see module-docs/yaml-reference.md)");
        }
        if (!n.isObject()) {
            throw new ConfigException(source + ": expected a YAML mapping at the top level");
        }
        return (ObjectNode) n;
    }

    /** The line for a YAML file whose bytes are not UTF-8 text (a binary file, or text in another encoding). */
    public static String notText(Path file) {
        return file + ": not UTF-8 text (a YAML file is read as UTF-8; is this a binary file, or saved in another"
                + " encoding?)";
    }

    /**
     * YAML text to a tree with one-line errors naming {@code source}: a duplicate key and a non-finite number
     * ({@code .nan}, {@code .inf}) name the key and the line; other syntax errors the line.
     */
    public static JsonNode readTree(String text, String source) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            int lineNr = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            String line = lineNr > 0 ? "line " + lineNr + ": " : "";
            String key = "";
            if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
                String pointer = parser.getParsingContext().pathAsPointer().toString(); // "/optimizer/lr"
                key = pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.');
            }
            String msg = e.getOriginalMessage();
            Matcher dup = Pattern.compile("Duplicate field '(.*)'").matcher(msg);
            if (dup.find()) {
                throw new ConfigException(source + ": " + line + RecordBinder.join(parentOf(key, dup.group(1)),
                        dup.group(1)) + ": the key is given twice (each key may appear once in a mapping)");
            }
            String nonFinite = nonFiniteIn(msg);
            if (nonFinite != null) {
                throw new ConfigException(source + ": " + line + (key.isEmpty() ? "" : key + ": ")
                        + "expected a finite number, got " + nonFinite);
            }
            throw new ConfigException(source + ": not valid YAML" + (lineNr > 0 ? " (line " + lineNr + ")" : "") + ": "
                    + msg.lines().findFirst().orElse(""));
        }
    }

    /** The {@code .nan}/{@code .inf} spelling Jackson's YAML parser failed on, or null for another error. */
    private static String nonFiniteIn(String parserMessage) {
        Matcher m = Pattern.compile("Malformed numeric value '(.*)'").matcher(parserMessage);
        return m.find() && NON_FINITE.matcher(m.group(1)).matches() ? m.group(1) : null;
    }

    /** The pointer of a duplicate names the mapping or the key itself, depending on where the parser stopped. */
    private static String parentOf(String key, String duplicate) {
        return key.equals(duplicate) || key.endsWith("." + duplicate)
                ? key.substring(0, Math.max(0, key.length() - duplicate.length() - 1)) : key;
    }

    /** Deep-merges {@code child} into {@code base} in place. */
    static void merge(ObjectNode base, ObjectNode child, String path, String source, Provenance prov) {
        Iterator<Map.Entry<String, JsonNode>> it = child.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String p = RecordBinder.join(path, key);
            JsonNode incoming = e.getValue();
            JsonNode existing = base.get(key);
            if (path.isEmpty() && PLUGIN_KEYS.contains(key)) {
                incoming = asPluginNode(incoming);
                existing = existing == null ? null : asPluginNode(existing);
                if (existing != null && !sameName(existing, incoming)) {
                    existing = null;
                }
            }
            if (existing instanceof ObjectNode eo && incoming instanceof ObjectNode io) {
                ObjectNode merged = eo.deepCopy();
                merge(merged, io, p, source, prov);
                base.set(key, merged);
            } else {
                base.set(key, incoming.deepCopy());
                recordAll(incoming, p, source, prov);
            }
        }
    }

    private static boolean isPluginSwitch(String override) {
        int eq = override.indexOf('=');
        String key = eq < 0 ? override : override.substring(0, eq).trim();
        return PLUGIN_KEYS.stream().anyMatch(k -> key.equals(k) || key.equals(k + ".name"));
    }

    private static JsonNode asPluginNode(JsonNode n) {
        if (n.isTextual()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("name", n.asText());
            return o;
        }
        return n;
    }

    private static boolean sameName(JsonNode a, JsonNode b) {
        JsonNode an = a.get("name");
        JsonNode bn = b.get("name");
        return bn == null || (an != null && an.asText().equals(bn.asText()));
    }

    private static void recordAll(JsonNode n, String path, String source, Provenance prov) {
        if (!path.isEmpty()) {
            prov.record(path, source);
        }
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> recordAll(e.getValue(), RecordBinder.join(path, e.getKey()), source, prov));
        }
    }

    /** Applies {@code a.b.c=value} overrides; the value is read as YAML (numbers, booleans, lists). */
    public static void applyOverrides(ObjectNode tree, List<String> overrides, Provenance prov) {
        // Plug-in switches first: `regulator.beta=0.5 regulator.name=joint` must not silently drop the beta
        // (the switch resets the plug-in's options), it must reach joint and be rejected there.
        List<String> ordered = new ArrayList<>(overrides);
        ordered.sort(java.util.Comparator.comparing(o -> isPluginSwitch(o) ? 0 : 1));
        for (String o : ordered) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("override '" + o + "': expected key.path=value");
            }
            String key = o.substring(0, eq).trim();
            String raw = o.substring(eq + 1);
            String source = "override '" + o + "'";
            if (!key.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
                throw new ConfigException(source + ": expected key.path=value with a dotted key, got key '" + key + "'");
            }
            if (NON_FINITE.matcher(raw.strip()).matches()) {
                throw new ConfigException(source + ": " + key + ": expected a finite number, got " + raw.strip());
            }
            JsonNode value;
            try {
                value = raw.isEmpty() ? JsonNodeFactory.instance.textNode("") : YAML.readTree(raw);
            } catch (JsonProcessingException e) {
                String nonFinite = nonFiniteIn(e.getOriginalMessage());
                if (nonFinite != null) {
                    throw new ConfigException(source + ": " + key + ": expected finite numbers, got " + nonFinite);
                }
                throw new ConfigException(source + ": " + key + ": the value is not valid YAML ("
                        + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
            }
            if (value == null || value.isMissingNode()) {
                value = JsonNodeFactory.instance.nullNode();
            }
            String[] parts = key.split("\\.");
            ObjectNode nested = JsonNodeFactory.instance.objectNode();
            ObjectNode cursor = nested;
            for (int i = 0; i < parts.length - 1; i++) {
                cursor = cursor.putObject(parts[i]);
            }
            cursor.set(parts[parts.length - 1], value);
            if (parts.length == 2 && PLUGIN_KEYS.contains(parts[0]) && parts[1].equals("name")) {
                // Switching plug-in by override: start from the new plug-in's defaults.
                JsonNode current = tree.get(parts[0]);
                if (current != null && !sameName(asPluginNode(current), nested.get(parts[0]))) {
                    tree.remove(parts[0]);
                }
            }
            merge(tree, nested, "", "override '" + o + "'", prov);
        }
    }
}
