package redreg.api;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/**
 * What every task offers on top of its own data, in one place: training a subset of its modalities (unimodal
 * baselines on any dataset) and standardising each modality with statistics of the training split.
 *
 * <pre>{@code
 * public Task create(MyConfig c, TaskContext context) {
 *     return Tasks.prepare(new MyTask(c, context), c.modalities(), c.standardize());
 * }
 * }</pre>
 */
@Stable(since = "0.1")
public final class Tasks {
    /** Samples per batch while the training statistics are gathered. */
    private static final int STATS_BATCH = 256;

    private Tasks() {
    }

    /**
     * The requested modalities, checked against the available ones: a non-empty list, no modality twice, each one
     * available; {@code null} means all of them. A problem is a {@link ConfigException} at the key
     * {@code modalities}, so the registry names the file or override that set it.
     */
    public static List<String> checkModalities(List<String> requested, List<String> available) {
        return checkModalities("modalities", requested, available);
    }

    /** {@link #checkModalities(List, List)} for a key of another name. */
    public static List<String> checkModalities(String key, List<String> requested, List<String> available) {
        if (requested == null) {
            return List.copyOf(available);
        }
        if (requested.isEmpty()) {
            throw ConfigException.at(key, "expected at least one of " + String.join(", ", available)
                    + " (leave the key out for all of them)");
        }
        Set<String> seen = new HashSet<>();
        for (String m : requested) {
            if (!available.contains(m)) {
                throw ConfigException.at(key, "unknown modality '" + m + "'; "
                        + ConfigException.didYouMean(m, available) + "valid: "
                        + String.join(", ", available));
            }
            if (!seen.add(m)) {
                throw ConfigException.at(key, "'" + m + "' is listed twice in " + requested);
            }
        }
        return List.copyOf(requested);
    }

    /** {@link #select} then, when asked, {@link #standardized}. */
    public static Task prepare(Task task, List<String> modalities, boolean standardize) {
        Task selected = select(task, modalities);
        return standardize ? standardized(selected) : selected;
    }

    /** The task restricted to {@code modalities} (in that order; null: all), every sample unchanged. */
    public static Task select(Task task, List<String> modalities) {
        return select(task, "modalities", modalities);
    }

    /** {@link #select(Task, List)} with the modalities set by a key of another name (for error messages). */
    public static Task select(Task task, String key, List<String> modalities) {
        List<String> available = task.modalities().stream().map(ModalitySpec::name).toList();
        List<String> chosen = checkModalities(key, modalities, available);
        if (chosen.equals(available)) {
            return task;
        }
        List<ModalitySpec> specs = chosen.stream()
                .map(m -> task.modalities().get(available.indexOf(m))).toList();
        return new View(task, specs, mapSplit(task.train(), chosen, null), mapSplit(task.test(), chosen, null));
    }

    /** Per-modality mean and standard deviation over every element of the training split. */
    public record Stats(double mean, double std) {
    }

    /**
     * The task with each modality standardised, x' = (x − mean_m) / std_m, mean and std over every element of
     * modality m in the training split (read once, without augmentation); the same statistics apply to the test
     * split. A constant modality (std 0) is only centred.
     */
    public static Task standardized(Task task) {
        Map<String, Stats> stats = trainingStats(task);
        // one line like the loaders' reports, so the user sees what the standardisation did
        StringBuilder line = new StringBuilder("standardize (training split):");
        stats.forEach((m, s) -> line.append(String.format(java.util.Locale.ROOT, " %s mean %.4g std %.4g;", m,
                s.mean(), s.std())));
        System.err.println(line.substring(0, line.length() - 1));
        List<String> names = task.modalities().stream().map(ModalitySpec::name).toList();
        return new View(task, task.modalities(), mapSplit(task.train(), names, stats),
                mapSplit(task.test(), names, stats));
    }

    /** The training split's statistics per modality (Chan et al.'s pairwise merge of batch means and M2, in double). */
    public static Map<String, Stats> trainingStats(Task task) {
        DataSplit train = task.train();
        Map<String, double[]> acc = new LinkedHashMap<>(); // count, mean, M2
        Random unused = new Random(0);
        for (int from = 0; from < train.size(); from += STATS_BATCH) {
            int[] idx = java.util.stream.IntStream.range(from, Math.min(train.size(), from + STATS_BATCH)).toArray();
            Batch b = train.batch(idx, false, unused);
            for (ModalitySpec m : task.modalities()) {
                INDArray x = b.inputs().get(m.name()).castTo(DataType.DOUBLE);
                double n = x.length();
                double mean = x.meanNumber().doubleValue();
                double m2 = x.sub(mean).norm2Number().doubleValue();
                m2 *= m2;
                double[] a = acc.computeIfAbsent(m.name(), k -> new double[3]);
                double total = a[0] + n;
                double delta = mean - a[1];
                a[2] += m2 + delta * delta * a[0] * n / total;
                a[1] += delta * n / total;
                a[0] = total;
            }
        }
        Map<String, Stats> out = new LinkedHashMap<>();
        acc.forEach((m, a) -> out.put(m, new Stats(a[1], Math.sqrt(a[2] / a[0]))));
        return out;
    }

    private static DataSplit mapSplit(DataSplit split, List<String> keep, Map<String, Stats> stats) {
        return mapped(split, b -> {
            Map<String, INDArray> inputs = new LinkedHashMap<>();
            for (String m : keep) {
                INDArray x = b.inputs().get(m);
                if (stats != null) {
                    Stats s = stats.get(m);
                    x = x.sub(s.mean());
                    if (s.std() > 0) {
                        x.divi(s.std());
                    }
                }
                inputs.put(m, x);
            }
            return b.withInputs(inputs);
        });
    }

    /** A split whose batches pass through {@code f} (the same samples and labels; other or rewritten inputs). */
    public static DataSplit mapped(DataSplit split, java.util.function.UnaryOperator<Batch> f) {
        return new DataSplit() {
            @Override
            public int size() {
                return split.size();
            }

            @Override
            public int[] labels() {
                return split.labels();
            }

            @Override
            public Batch batch(int[] indices, boolean training, Random random) {
                return f.apply(split.batch(indices, training, random));
            }
        };
    }

    /** A task seen through other splits (and possibly fewer modalities). */
    private record View(Task base, List<ModalitySpec> modalities, DataSplit train, DataSplit test) implements Task {
        private View {
            modalities = List.copyOf(modalities);
        }

        @Override
        public List<String> classes() {
            return base.classes();
        }

        @Override
        public Objective objective() {
            return base.objective();
        }
    }
}
