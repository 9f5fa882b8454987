package redreg.bench.internal.table;

import java.nio.file.Path;
import redreg.api.ConfigException;
import redreg.bench.TableSpec.ExecutorKind;

/**
 * The options of {@code redreg table} (the command line's {@code TableCmd} fills them, flag by flag).
 *
 * @param parallel runs at once for the local executor (null: the spec's {@code parallel})
 * @param executor null: the spec's {@code executor.kind}
 * @param plan     print one runnable command per missing run and run nothing (null: run)
 * @param shard    run only the i-th of n disjoint slices of the table's runs (null: all)
 * @param await    wait for runs that are running elsewhere (other tables, Slurm) before writing the report
 */
public record TableOptions(Path spec, boolean force, Integer parallel, ExecutorKind executor, Plan plan, Shard shard,
                           boolean await, boolean reuseStale) {
    /** Slice {@code index} (1-based) of {@code count}: the runs whose position p has {@code p % count == index - 1}. */
    public record Shard(int index, int count) {
        public boolean contains(int position) {
            return position % count == index - 1;
        }
    }

    /** How {@code --plan} writes each command: the launcher's short form, or the java command behind it. */
    public enum Plan { SHORT, JAVA }

    public TableOptions {
        if (force && reuseStale) {
            throw new ConfigException("redreg table: --force reruns every run, --reuse-stale keeps old ones: choose one");
        }
    }

    /** {@code --executor local|slurm}. */
    public static ExecutorKind executor(String v) {
        return switch (v) {
            case "local" -> ExecutorKind.LOCAL;
            case "slurm" -> ExecutorKind.SLURM;
            default -> throw new ConfigException("redreg table: --executor: unknown value '" + v
                    + "'; valid values: local, slurm");
        };
    }

    /** {@code --plan} (null: not given), {@code --plan=java}. */
    public static Plan plan(String v) {
        return switch (v == null ? "none" : v) {
            case "none" -> null;
            case "short" -> Plan.SHORT;
            case "java" -> Plan.JAVA;
            default -> throw new ConfigException("redreg table: --plan: unknown value '" + v
                    + "'; valid values: java (or --plan alone for the short form)");
        };
    }

    /** {@code --shard i/n}. */
    public static Shard shard(String v) {
        String[] parts = v.split("/", -1);
        try {
            if (parts.length == 2) {
                int i = Integer.parseInt(parts[0]);
                int n = Integer.parseInt(parts[1]);
                if (n >= 1 && i >= 1 && i <= n) {
                    return new Shard(i, n);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("redreg table: --shard: expected i/n with 1 <= i <= n, e.g. 2/4, got '" + v + "'");
    }
}
