package redreg.api.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import redreg.api.config.PluginSpec;

/** Values (records, enums, scalars) to YAML/JSON trees, with the key names the binder reads back. */
public final class Nodes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Nodes() {
    }

    /** The YAML spelling of an enum constant: {@code REFERENCE_CODE} → {@code reference-code}. */
    public static String enumName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static JsonNode toNode(Object value) {
        if (value == null) {
            return F.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n.deepCopy();
        }
        if (value instanceof redreg.api.config.EncoderSpec spec) {
            ObjectNode o = F.objectNode();
            // kind, the encoder's keys, featureSize: the order of the record before the encoder SPI (same run hashes)
            o.put("kind", spec.kind());
            o.setAll(spec.options());
            o.put("featureSize", spec.featureSize());
            return o;
        }
        if (value instanceof PluginSpec spec) {
            ObjectNode o = F.objectNode();
            o.put("name", spec.name());
            o.setAll(spec.options());
            return o;
        }
        if (value instanceof Record r) {
            ObjectNode o = F.objectNode();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                o.set(c.getName(), toNode(RecordBinder.read(c, r)));
            }
            return o;
        }
        if (value instanceof Enum<?> e) {
            return F.textNode(enumName(e));
        }
        if (value instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return F.numberNode(i);
        }
        if (value instanceof Long l) {
            return F.numberNode(l);
        }
        if (value instanceof Number n) {
            return F.numberNode(n.doubleValue());
        }
        if (value instanceof Collection<?> c) {
            ArrayNode a = F.arrayNode();
            c.forEach(v -> a.add(toNode(v)));
            return a;
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, v) -> o.set(String.valueOf(k), toNode(v)));
            return o;
        }
        return F.textNode(value.toString());
    }
}
