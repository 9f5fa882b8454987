package redreg.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import redreg.api.Plugin;
import redreg.api.experiment.Configs;
import redreg.api.experiment.ExperimentConfig;
import redreg.api.config.PluginSpec;
import redreg.api.experiment.Registry;

/** {@code redreg list}: every discovered plug-in with its config keys, types and defaults. */
public final class PluginList {
    private PluginList() {
    }

    public static void print(PrintStream out) {
        Registry r = Registry.discover();
        out.println("experiment file:");
        experimentKeys(out, ExperimentConfig.class, Configs.toNode(ExperimentConfig.defaults()), "");
        section(out, "regulators", r.regulators());
        section(out, "fusions", r.fusions());
        section(out, "tasks", r.tasks());
        section(out, "encoders", r.encoders());
    }

    private static void section(PrintStream out, String title, Collection<? extends Plugin<?>> plugins) {
        out.println(title + ":");
        for (Plugin<?> p : plugins) {
            out.printf("  %-16s %s   [%s]%n", p.name(), p.description(), p.getClass().getModule().getName());
            keys(out, p.configType(), p.defaults(), "      ");
        }
    }

    /** The experiment's own keys, nested records as dotted keys (plug-in options follow in their sections). */
    private static void experimentKeys(PrintStream out, Class<?> type, JsonNode defaults, String prefix) {
        for (RecordComponent c : type.getRecordComponents()) {
            JsonNode v = defaults == null ? null : defaults.get(c.getName());
            if (c.getDeclaringRecord() == redreg.api.config.EncoderSpec.class && c.getName().equals("options")) {
                // written next to kind, not under options
                out.printf("      %-26s the chosen encoder's keys (see encoders:)%n", prefix + "<key>");
            } else if (c.getType().isRecord() && c.getType() != PluginSpec.class) {
                experimentKeys(out, c.getType(), v, prefix + c.getName() + ".");
            } else {
                row(out, "      ", prefix + c.getName(), c, v);
            }
        }
    }

    private static void row(PrintStream out, String indent, String key, RecordComponent c, JsonNode v) {
        String t = c.getGenericType().getTypeName().replaceAll("[a-z.]+\\.", "").replace('$', '.');
        String range = Configs.range(c);
        // null = resolved at run time (a preset such as RedReg's variant, or a modality chosen from the task)
        out.printf("%s%-26s %-28s %-16s default %s%n", indent, key, t, range == null ? "" : "range " + range,
                v == null || v.isNull() ? "(preset)" : v);
    }

    static void keys(PrintStream out, Class<? extends Record> type, Record defaults, String indent) {
        JsonNode values = Configs.toNode(defaults);
        for (RecordComponent c : type.getRecordComponents()) {
            row(out, indent, c.getName(), c, values.get(c.getName()));
        }
    }
}
