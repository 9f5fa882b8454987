package redreg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import redreg.api.experiment.Configs;

/** The preset table of a config record with variants (redreg's {@code variant}), for {@link YamlReferenceTest}. */
final class PresetTable {
    private PresetTable() {
    }

    /**
     * For a config record with an enum {@code variant} and a {@code resolve()} method returning a record: the
     * resolved value of every key under each variant, the keys that differ marked. Empty for other records.
     */
    static String of(Class<? extends Record> type, Record defaults) {
        RecordComponent variant = Arrays.stream(type.getRecordComponents())
                .filter(c -> c.getName().equals("variant") && c.getType().isEnum()).findFirst().orElse(null);
        Method resolve;
        try {
            resolve = type.getMethod("resolve");
        } catch (NoSuchMethodException e) {
            return "";
        }
        if (variant == null || !resolve.getReturnType().isRecord() || Modifier.isStatic(resolve.getModifiers())) {
            return "";
        }
        Map<String, JsonNode> byVariant = new LinkedHashMap<>();
        for (Object constant : variant.getType().getEnumConstants()) {
            Record config = with(type, defaults, "variant", constant);
            try {
                byVariant.put(Configs.toNode(constant).asText(), Configs.toNode(resolve.invoke(config)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        StringBuilder md = new StringBuilder("| key |");
        byVariant.keySet().forEach(v -> md.append(" `variant: ").append(v).append("` |"));
        md.append(" differs |\n| --- |");
        byVariant.keySet().forEach(v -> md.append(" --- |"));
        md.append(" --- |\n");
        JsonNode first = byVariant.values().iterator().next();
        for (Iterator<String> keys = first.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            md.append("| `").append(key).append("` |");
            boolean differs = false;
            for (JsonNode resolved : byVariant.values()) {
                md.append(" `").append(YamlReferenceTest.flow(resolved.get(key))).append("` |");
                differs |= !resolved.get(key).equals(first.get(key));
            }
            md.append(differs ? " yes |" : " |").append("\n");
        }
        return md.toString();
    }

    private static Record with(Class<? extends Record> type, Record base, String name, Object value) {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        try {
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                args[i] = cs[i].getName().equals(name) ? value : cs[i].getAccessor().invoke(base);
            }
            Constructor<? extends Record> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
