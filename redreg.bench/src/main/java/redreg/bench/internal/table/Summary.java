package redreg.bench.internal.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.TTest;

/** Per-cell statistics of a finished table: mean ± std over seeds of every metric, and paired tests. */
public final class Summary {
    /** One row × column cell: the metric samples over seeds (seed order). */
    public record Cell(String row, String column, Map<String, double[]> samples, int diverged) {
        public double mean(String metric) {
            double[] v = samples.get(metric);
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s / v.length;
        }

        /** Sample standard deviation (n − 1), 0 for one seed. */
        public double std(String metric) {
            double[] v = samples.get(metric);
            if (v.length < 2) {
                return 0;
            }
            double m = mean(metric);
            double s = 0;
            for (double x : v) {
                s += (x - m) * (x - m);
            }
            return Math.sqrt(s / (v.length - 1));
        }
    }

    private final List<String> metrics;
    private final List<String> modalities;
    private final Map<String, Cell> cells = new LinkedHashMap<>();

    private Summary(List<String> metrics, List<String> modalities) {
        this.metrics = metrics;
        this.modalities = modalities;
    }

    /** Builds the summary from the store; every run must be finished. */
    public static Summary of(TablePlan plan, RunStore store) {
        List<String> modalities = new ArrayList<>();
        JsonNode first = store.result(plan.runs().get(0).hash()).orElseThrow();
        first.get("metrics").fieldNames().forEachRemaining(k -> {
            if (k.startsWith("accuracy.")) {
                modalities.add(k.substring("accuracy.".length()));
            }
        });
        List<String> metrics = new ArrayList<>(List.of("accuracy"));
        modalities.forEach(m -> metrics.add("accuracy." + m));
        metrics.add("macroF1");
        metrics.add("gap");
        Summary s = new Summary(metrics, modalities);
        for (var e : plan.cells().entrySet()) {
            List<PlannedRun> runs = e.getValue();
            Map<String, double[]> samples = new LinkedHashMap<>();
            metrics.forEach(m -> samples.put(m, new double[runs.size()]));
            int diverged = 0;
            for (int i = 0; i < runs.size(); i++) {
                JsonNode result = store.result(runs.get(i).hash()).orElseThrow();
                diverged += result.hasNonNull("diverged") ? 1 : 0;
                JsonNode metricsNode = result.get("metrics");
                double min = Double.MAX_VALUE;
                double max = -Double.MAX_VALUE;
                for (String m : metrics) {
                    if (!m.equals("gap")) {
                        samples.get(m)[i] = metricsNode.get(m).asDouble();
                    }
                }
                for (String m : modalities) {
                    double a = metricsNode.get("accuracy." + m).asDouble();
                    min = Math.min(min, a);
                    max = Math.max(max, a);
                }
                samples.get("gap")[i] = max - min;
            }
            s.cells.put(e.getKey(), new Cell(runs.get(0).row(), runs.get(0).column(), samples, diverged));
        }
        return s;
    }

    public List<String> metrics() {
        return metrics;
    }

    public List<String> modalities() {
        return modalities;
    }

    public Cell cell(String row, String column) {
        return cells.get(row + "\u0000" + column);
    }

    /** Two-sided paired t-test p-value of {@code metric} between two rows over seeds (NaN when undefined). */
    public double pairedP(String row, String baseline, String column, String metric) {
        double[] a = cell(row, column).samples().get(metric);
        double[] b = cell(baseline, column).samples().get(metric);
        if (a.length < 2) {
            return Double.NaN;
        }
        boolean same = true;
        for (int i = 0; i < a.length; i++) {
            same &= a[i] == b[i];
        }
        if (same) {
            return Double.NaN;
        }
        try {
            return new TTest().pairedTTest(a, b);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Lower is better for the modality gap; higher for everything else. */
    public static boolean lowerIsBetter(String metric) {
        return metric.equals("gap");
    }
}
