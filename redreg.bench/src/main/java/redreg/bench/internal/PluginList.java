package redreg.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import redreg.api.Plugin;
import redreg.api.experiment.Registry;

/** {@code redreg list}: every discovered plug-in with its config keys, types and defaults. */
public final class PluginList {
    private PluginList() {
    }

    public static void print(PrintStream out) {
        Registry r = Registry.discover();
        section(out, "regulators", r.regulators());
        section(out, "fusions", r.fusions());
        section(out, "tasks", r.tasks());
    }

    private static void section(PrintStream out, String title, Collection<? extends Plugin<?>> plugins) {
        out.println(title + ":");
        for (Plugin<?> p : plugins) {
            out.printf("  %-16s %s   [%s]%n", p.name(), p.description(), p.getClass().getModule().getName());
            keys(out, p.configType(), p.defaults(), "      ");
        }
    }

    static void keys(PrintStream out, Class<? extends Record> type, Record defaults, String indent) {
        JsonNode values = redreg.api.experiment.Configs.toNode(defaults);
        for (RecordComponent c : type.getRecordComponents()) {
            String t = c.getGenericType().getTypeName().replaceAll("[a-z.]+\\.", "").replace('$', '.');
            JsonNode v = values.get(c.getName());
            // null = resolved at run time (a preset such as RedReg's variant, or a modality chosen from the task)
            out.printf("%s%-20s %-28s default %s%n", indent, c.getName(), t, v == null || v.isNull() ? "(preset)" : v);
        }
    }
}
