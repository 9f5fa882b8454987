package redreg.bench.internal.table;

import redreg.bench.TableSpec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redreg.api.ConfigException;
import redreg.api.experiment.Configs;
import redreg.api.experiment.Experiment;

/** Expands a table spec into its runs (rows × columns × seeds), every run resolved and checked up front. */
public final class TablePlan {
    private final TableSpec spec;
    private final Path specFile;
    private final List<PlannedRun> runs = new ArrayList<>();

    private TablePlan(TableSpec spec, Path specFile) {
        this.spec = spec;
        this.specFile = specFile;
    }

    public static TablePlan load(Path specFile) {
        JsonNode tree = Configs.readYaml(specFile);
        if (tree == null || tree.isNull() || tree.isMissingNode() || tree.isObject() && tree.isEmpty()) {
            throw new ConfigException(specFile + ": the file holds no keys (expected a table spec: name, base, seeds,"
                    + " rows; see module-docs/tables.md)");
        }
        TableSpec spec = Configs.bind(TableSpec.class, TableSpec.defaults(), tree, specFile.toString());
        return expand(spec, specFile);
    }

    public static TablePlan expand(TableSpec spec, Path specFile) {
        if (spec.base() == null) {
            throw new ConfigException(specFile + ": base: expected the base experiment file");
        }
        if (spec.rows() == null || spec.rows().isEmpty()) {
            throw new ConfigException(specFile + ": rows: expected at least one row, e.g. rows: [{label: Joint,"
                    + " set: {regulator.name: joint}}]");
        }
        TablePlan plan = new TablePlan(spec, specFile);
        Path base = specFile.toAbsolutePath().getParent().resolve(spec.base()).normalize();
        List<TableSpec.Group> columns = spec.columns().isEmpty() ? List.of(new TableSpec.Group("-", null)) : spec.columns();
        if (spec.baseline() != null && spec.rows().stream().noneMatch(r -> r.label().equals(spec.baseline()))) {
            throw new ConfigException(specFile + ": baseline: no row is labelled '" + spec.baseline() + "'; rows: "
                    + String.join(", ", spec.rows().stream().map(TableSpec.Group::label).toList()));
        }
        for (TableSpec.Group row : spec.rows()) {
            for (TableSpec.Group column : columns) {
                for (long seed : spec.seeds()) {
                    List<String> o = new ArrayList<>(spec.overrides());
                    o.addAll(toOverrides(column));
                    o.addAll(toOverrides(row));
                    o.add("seed=" + seed);
                    o.add("output.progress=false");
                    Experiment e;
                    try {
                        e = Experiment.load(base, o);
                    } catch (ConfigException ex) {
                        throw new ConfigException(specFile + ": row '" + row.label() + "', column '" + column.label()
                                + "': " + ex.getMessage());
                    }
                    plan.runs.add(new PlannedRun(row.label(), column.label(), seed, o, e));
                }
            }
        }
        return plan;
    }

    /** {@code {regulator.name: redreg, regulator.beta: 0.5}} → {@code regulator.name=redreg}, … (values as JSON). */
    static List<String> toOverrides(TableSpec.Group g) {
        List<String> out = new ArrayList<>();
        if (g.set() != null) {
            g.set().fields().forEachRemaining(e -> out.add(e.getKey() + "="
                    + (e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())));
        }
        return out;
    }

    public TableSpec spec() {
        return spec;
    }

    public List<PlannedRun> runs() {
        return runs;
    }

    public Path outputDir() {
        String out = spec.output() != null ? spec.output() : "runs/tables/" + spec.name();
        Path p = Path.of(out);
        return p.isAbsolute() ? p : Path.of("").toAbsolutePath().resolve(p);
    }

    public List<String> rowLabels() {
        return spec.rows().stream().map(TableSpec.Group::label).toList();
    }

    public List<String> columnLabels() {
        return spec.columns().isEmpty() ? List.of("-") : spec.columns().stream().map(TableSpec.Group::label).toList();
    }

    /** Runs by (row, column), in seed order. */
    public Map<String, List<PlannedRun>> cells() {
        Map<String, List<PlannedRun>> out = new LinkedHashMap<>();
        for (PlannedRun r : runs) {
            out.computeIfAbsent(r.row() + "\u0000" + r.column(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    public Path specFile() {
        return specFile;
    }
}
