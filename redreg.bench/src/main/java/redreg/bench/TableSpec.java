package redreg.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import redreg.api.ConfigException;

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
 * @param output folder of the run store and the report (default {@code runs/tables/<name>}, relative to the
 *               working directory)
 */
public record TableSpec(String name, String base, List<String> overrides, List<Long> seeds, String baseline,
                        List<Group> rows, List<Group> columns, int parallel, int threadsPerRun, String output,
                        String title, Executor executor) {

    /** Where the runs go: {@code local} child processes, or one Slurm array job ({@code sbatch --array}). */
    public enum ExecutorKind { LOCAL, SLURM }

    /**
     * How a table's runs are executed. {@code kind} null (not given): {@code slurm} for a table that was submitted to
     * Slurm before, else {@code local}. The Slurm options become {@code #SBATCH} lines (null: the cluster's default);
     * {@code extra} lines are passed as they are, e.g. {@code [--qos=short, --constraint=a100]}.
     */
    public record Executor(ExecutorKind kind, String partition, String time, Integer cpusPerTask, String mem,
                           Integer gpus, String account, List<String> extra) {
        public Executor {
            extra = extra == null ? List.of() : List.copyOf(extra);
            if (cpusPerTask != null && cpusPerTask < 1) {
                throw new ConfigException("cpusPerTask: expected at least 1, got " + cpusPerTask);
            }
            if (gpus != null && gpus < 0) {
                throw new ConfigException("gpus: expected 0 or more, got " + gpus);
            }
        }

        public static Executor local() {
            return new Executor(null, null, null, null, null, null, null, List.of());
        }
    }

    /** A row or a column group: a label and the keys it sets ({@code dotted.key: value}). */
    public record Group(String label, ObjectNode set) {
        public Group {
            if (label == null || label.isBlank()) {
                throw new ConfigException("label: expected a non-empty label");
            }
        }
    }

    public TableSpec {
        if (rows == null || rows.isEmpty()) {
            throw new ConfigException("rows: expected at least one row");
        }
        if (seeds == null || seeds.isEmpty()) {
            throw new ConfigException("seeds: expected at least one seed");
        }
        if (parallel < 1 || threadsPerRun < 1) {
            throw new ConfigException("parallel and threadsPerRun must be at least 1");
        }
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        columns = columns == null ? List.of() : List.copyOf(columns);
        executor = executor == null ? Executor.local() : executor;
    }

    public static TableSpec defaults() {
        return new TableSpec("table", null, List.of(), List.of(1L, 2L, 3L), null,
                List.of(new Group("Joint", null)), List.of(), 1, 1, null, null, Executor.local());
    }
}
