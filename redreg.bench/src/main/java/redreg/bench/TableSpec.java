package redreg.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import redreg.api.ConfigException;
import redreg.api.Range;
import redreg.api.experiment.Configs;

/**
 * A comparison table: a base experiment, rows (label + overrides) × optional column groups × seeds.
 *
 * <pre>
 * name: av-digits-table1
 * base: ../experiments/av-digits.yaml      # relative to this file
 * overrides: [training.epochs=10]          # applied to every run
 * seeds: [1, 2, 3]
 * baseline: Joint                          # row the paired t-test compares against
 * rows:
 *   - {label: Joint, set: {regulator.name: joint}}
 *   - {label: RedReg, set: {regulator.name: redreg}}
 * columns:                                 # optional
 *   - {label: Concatenation, set: {fusion.name: concat}}
 * parallel: 2                              # runs at once, each its own process
 * threadsPerRun: 1                         # OMP_NUM_THREADS of each run
 * executor: {kind: slurm, partition: gpu, time: "04:00:00", cpusPerTask: 4, mem: 16G, gpus: 1}
 * </pre>
 *
 * @param name          the table's name (the default output folder): a plain file name
 * @param base          the base experiment file, relative to this file
 * @param overrides     {@code key.path=value} overrides applied to every run
 * @param seeds         the seeds every cell is run with (each once)
 * @param baseline      label of the row the paired t-test compares against
 * @param rows          the rows (required): each a label (unique) and the keys it sets
 * @param columns       optional column groups, like rows
 * @param parallel      runs at once, each its own process
 * @param threadsPerRun OMP_NUM_THREADS of each run
 * @param output        folder of the run store and the report (default {@code runs/tables/<name>}, relative to the
 *                      working directory)
 * @param title         the report's title
 */
public record TableSpec(String name, String base, List<String> overrides, @Range List<Long> seeds, String baseline,
                        List<Group> rows, List<Group> columns, @Range(min = 1) int parallel,
                        @Range(min = 1) int threadsPerRun, String output, String title, Executor executor) {

    /** Where the runs go: {@code local} child processes, or one Slurm array job ({@code sbatch --array}). */
    public enum ExecutorKind { LOCAL, SLURM }

    /**
     * How a table's runs are executed. {@code kind} null (not given): {@code slurm} for a table that was submitted to
     * Slurm before, else {@code local}. The Slurm options become {@code #SBATCH} lines (null: the cluster's default);
     * {@code extra} lines are passed as they are, e.g. {@code [--qos=short, --constraint=a100]}.
     */
    public record Executor(ExecutorKind kind, String partition, String time, @Range(min = 1) Integer cpusPerTask,
                           String mem, @Range(min = 0) Integer gpus, String account, List<String> extra) {
        public Executor {
            extra = extra == null ? List.of() : List.copyOf(extra);
        }

        public static Executor local() {
            return new Executor(null, null, null, null, null, null, null, List.of());
        }
    }


    /** A row or a column group: a label and the keys it sets ({@code dotted.key: value}). */
    public record Group(String label, ObjectNode set) {
        public Group {
            if (label == null || label.isBlank()) {
                throw ConfigException.at("label", "expected a non-empty label");
            }
        }
    }

    public TableSpec {
        Configs.checkPlainName("name", name);
        if (seeds == null || seeds.isEmpty()) {
            throw ConfigException.at("seeds", "expected at least one seed");
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw ConfigException.at("seeds", "a seed is listed twice in " + seeds + " (each run would be counted twice)");
        }
        // rows stay null in the defaults: a table without rows is rejected when it is expanded, not run as a default
        if (rows != null) {
            uniqueLabels("rows", rows);
        }
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        columns = columns == null ? List.of() : List.copyOf(columns);
        uniqueLabels("columns", columns);
        if (output != null) {
            Configs.checkFolder("output", output);
        }
        executor = executor == null ? Executor.local() : executor;
    }

    private static void uniqueLabels(String key, List<Group> groups) {
        for (int i = 0; i < groups.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (groups.get(i).label().equals(groups.get(j).label())) {
                    throw ConfigException.at(key, "the label '" + groups.get(i).label() + "' is used twice ("
                            + key + "[" + j + "] and " + key + "[" + i + "])");
                }
            }
        }
    }

    public static TableSpec defaults() {
        return new TableSpec("table", null, List.of(), List.of(1L, 2L, 3L), null, null, List.of(), 1, 1, null, null,
                Executor.local());
    }
}
