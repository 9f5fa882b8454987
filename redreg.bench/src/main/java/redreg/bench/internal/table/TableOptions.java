package redreg.bench.internal.table;

import java.nio.file.Path;
import java.util.List;
import redreg.api.ConfigException;
import redreg.bench.TableSpec.ExecutorKind;

/**
 * The options of {@code redreg table}, parsed in this one place (a command-line library can fill the record instead).
 *
 * @param parallel runs at once for the local executor (null: the spec's {@code parallel})
 * @param executor null: the spec's {@code executor.kind}
 * @param plan     print one runnable command per missing run, run nothing
 * @param shard    run only the i-th of n disjoint slices of the table's runs (null: all)
 * @param await    wait for runs that are running elsewhere (other tables, Slurm) before writing the report
 */
public record TableOptions(Path spec, boolean force, Integer parallel, ExecutorKind executor, boolean plan, Shard shard,
                           boolean await, boolean reuseStale) {
    public static final String USAGE = "table <table.yaml> [--executor local|slurm] [--parallel N] [--wait] "
            + "[--plan] [--shard i/n] [--reuse-stale] [--force]";
    private static final String OPTIONS = "--executor, --parallel, --wait, --plan, --shard, --reuse-stale, --force";

    /** Slice {@code index} (1-based) of {@code count}: the runs whose position p has {@code p % count == index - 1}. */
    public record Shard(int index, int count) {
        public boolean contains(int position) {
            return position % count == index - 1;
        }
    }

    public static TableOptions parse(List<String> args) {
        Path spec = null;
        boolean force = false;
        boolean plan = false;
        boolean await = false;
        boolean reuseStale = false;
        Integer parallel = null;
        ExecutorKind executor = null;
        Shard shard = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--force" -> force = true;
                case "--plan" -> plan = true;
                case "--wait" -> await = true;
                case "--reuse-stale" -> reuseStale = true;
                case "--parallel" -> parallel = positive(a, value(args, i++));
                case "--executor" -> executor = executor(value(args, i++));
                case "--shard" -> shard = shard(value(args, i++));
                default -> {
                    if (a.startsWith("-")) {
                        throw new ConfigException("redreg table: unknown option '" + a + "'; valid options: " + OPTIONS);
                    }
                    if (spec != null) {
                        throw new ConfigException("redreg table: one table spec expected, got '" + spec + "' and '" + a + "'");
                    }
                    spec = Path.of(a);
                }
            }
        }
        if (spec == null) {
            throw new ConfigException("redreg table: expected a table spec, e.g. redreg table tables/av-digits/table1.yaml");
        }
        if (force && reuseStale) {
            throw new ConfigException("redreg table: --force reruns every run, --reuse-stale keeps old ones: choose one");
        }
        return new TableOptions(spec, force, parallel, executor, plan, shard, await, reuseStale);
    }

    private static String value(List<String> args, int at) {
        if (at + 1 >= args.size() || args.get(at + 1).startsWith("--")) {
            throw new ConfigException("redreg table: " + args.get(at) + " needs a value");
        }
        return args.get(at + 1);
    }

    private static int positive(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("redreg table: " + option + ": expected a positive integer, got '" + v + "'");
    }

    private static ExecutorKind executor(String v) {
        return switch (v) {
            case "local" -> ExecutorKind.LOCAL;
            case "slurm" -> ExecutorKind.SLURM;
            default -> throw new ConfigException("redreg table: --executor: unknown value '" + v
                    + "'; valid values: local, slurm");
        };
    }

    private static Shard shard(String v) {
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
