package redreg.bench.internal.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import redreg.api.Objective;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Per-cell statistics of a table: mean ± std over the seeds that finished of every metric, and paired tests. Cells
 * may be partial (some seeds failed or still run) and rows may train different modality sets (a unimodal baseline
 * row has no accuracy for the other modality, and no modality gap): a metric a run lacks is NaN and is left out.
 */
public final class Summary {
    /**
     * One row × column cell: the metric samples over its finished seeds (seed order; NaN where a run lacks the metric).
     *
     * @param planned       how many seeds the spec asks for
     * @param divergedSeeds per seed (same order), whether a non-finite loss stopped its training
     */
    public record Cell(String row, String column, List<Long> seeds, int planned, Map<String, double[]> samples,
                       List<Boolean> divergedSeeds) {
        /** How many of its seeds diverged. */
        public int diverged() {
            return (int) divergedSeeds.stream().filter(d -> d).count();
        }

        public double mean(String metric) {
            double s = 0;
            int n = 0;
            for (double x : samples.get(metric)) {
                if (!Double.isNaN(x)) {
                    s += x;
                    n++;
                }
            }
            return n == 0 ? Double.NaN : s / n;
        }

        /** Sample standard deviation (n − 1), 0 for one seed. */
        public double std(String metric) {
            double m = mean(metric);
            double s = 0;
            int n = 0;
            for (double x : samples.get(metric)) {
                if (!Double.isNaN(x)) {
                    s += (x - m) * (x - m);
                    n++;
                }
            }
            return n < 2 ? 0 : Math.sqrt(s / (n - 1));
        }
    }

    private final List<String> metrics;
    private final Objective objective;
    private final Map<String, Cell> cells = new LinkedHashMap<>();

    private Summary(List<String> metrics, Objective objective) {
        this.metrics = metrics;
        this.objective = objective;
    }

    /** The runs' objective, read off their metrics: a regression reports {@code mae}, a classification accuracy. */
    private static Objective objectiveOf(Map<String, JsonNode> results) {
        boolean regression = results.values().stream().anyMatch(r -> r.get("metrics").has("mae"));
        boolean sentiment = results.values().stream().anyMatch(r -> r.get("metrics").has("acc7"));
        return !regression ? Objective.classification()
                : sentiment ? Objective.sentimentRegression() : Objective.regression();
    }

    /** The objective of the table's runs (issue 19): which metrics its columns show. */
    public Objective objective() {
        return objective;
    }

    /** The metric the report ranks, tests and marks harm on: accuracy, or a regression's MAE. */
    public String primary() {
        return objective.primaryMetric();
    }

    /** Whether a metric is a rate shown in percent (accuracies, their gap) or a value shown as is (MAE, MSE, r). */
    public boolean percent(String metric) {
        return objective instanceof Objective.Classification || metric.startsWith("acc");
    }

    /** Builds the summary from the runs in the store whose hash {@code usable} accepts. */
    public static Summary of(TablePlan plan, RunStore store, Predicate<String> usable) {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        Set<String> modalities = new LinkedHashSet<>();
        for (PlannedRun r : plan.runs()) {
            if (usable.test(r.hash())) {
                store.result(r.hash()).ifPresent(result -> results.put(r.hash(), result));
            }
        }
        Objective objective = objectiveOf(results);
        String head = objective.headMetric() + ".";
        results.values().forEach(result -> result.get("metrics").fieldNames().forEachRemaining(k -> {
            if (k.startsWith(head)) {
                modalities.add(k.substring(head.length()));
            }
        }));
        // classification: accuracy, accuracy.<m>, macroF1, gap; regression: mae, mae.<m>, mse, pearson (acc2, …), gap
        List<String> fused = objective.metrics(List.of());
        List<String> metrics = new ArrayList<>(List.of(fused.get(0)));
        modalities.forEach(m -> metrics.add(head + m));
        metrics.addAll(fused.subList(1, fused.size()));
        metrics.add("gap");
        Summary s = new Summary(metrics, objective);
        for (var e : plan.cells().entrySet()) {
            List<PlannedRun> runs = e.getValue().stream().filter(r -> results.containsKey(r.hash())).toList();
            Map<String, double[]> samples = new LinkedHashMap<>();
            metrics.forEach(m -> samples.put(m, new double[runs.size()]));
            List<Boolean> diverged = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                JsonNode result = results.get(runs.get(i).hash());
                diverged.add(result.hasNonNull("diverged"));
                JsonNode values = result.get("metrics");
                for (String m : metrics) {
                    samples.get(m)[i] = values.hasNonNull(m) ? values.get(m).asDouble() : Double.NaN;
                }
                samples.get("gap")[i] = gap(values, modalities, head);
            }
            PlannedRun first = e.getValue().get(0);
            s.cells.put(e.getKey(), new Cell(first.row(), first.column(), runs.stream().map(PlannedRun::seed).toList(),
                    e.getValue().size(), samples, diverged));
        }
        return s;
    }

    /** Largest minus smallest modality accuracy (or MAE); NaN for a run that trained fewer than two modalities. */
    private static double gap(JsonNode values, Set<String> modalities, String head) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        int n = 0;
        for (String m : modalities) {
            JsonNode a = values.get(head + m);
            if (a != null && a.isNumber()) {
                min = Math.min(min, a.asDouble());
                max = Math.max(max, a.asDouble());
                n++;
            }
        }
        return n < 2 ? Double.NaN : max - min;
    }

    public List<String> metrics() {
        return metrics;
    }

    public Cell cell(String row, String column) {
        return cells.get(row + "\u0000" + column);
    }

    /**
     * Two-sided paired t-test p-value of {@code metric} between two rows over the seeds both have a value for (NaN
     * when fewer than two pairs or when undefined).
     */
    public double pairedP(String row, String baseline, String column, String metric) {
        Cell a = cell(row, column);
        Cell b = cell(baseline, column);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < a.seeds().size(); i++) {
            int j = b.seeds().indexOf(a.seeds().get(i));
            if (j >= 0) {
                double x = a.samples().get(metric)[i];
                double y = b.samples().get(metric)[j];
                if (!Double.isNaN(x) && !Double.isNaN(y)) {
                    xs.add(x);
                    ys.add(y);
                }
            }
        }
        if (xs.size() < 2 || xs.equals(ys)) {
            return Double.NaN;
        }
        try {
            return new TTest().pairedTTest(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Lower is better for the modality gap; higher for everything else. */
    /** The gap between the modalities, and a regression's errors (MAE, MSE, per-head MAE). */
    public static boolean lowerIsBetter(String metric) {
        return metric.equals("gap") || metric.equals("mse") || metric.equals("mae") || metric.startsWith("mae.");
    }
}
