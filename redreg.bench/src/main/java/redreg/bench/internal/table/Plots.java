package redreg.bench.internal.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import redreg.api.internal.engine.runfiles.RunFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG figures with XChart: test-accuracy curves per column group (mean over seeds, one line per row), and for each
 * row the paper's diagnostics (Figs. 1 and 3): RLC, DGR and RS per modality over training steps, smoothed, from the
 * first seed of the first column group — rows side by side (joint vs RedReg).
 */
public final class Plots {
    private static final int SMOOTH = 25;
    private final TablePlan plan;
    private final RunStore store;
    private final java.util.function.Predicate<String> usable;

    /** Plots the runs whose hash {@code usable} accepts (the report's runs). */
    public Plots(TablePlan plan, RunStore store, java.util.function.Predicate<String> usable) {
        this.plan = plan;
        this.store = store;
        this.usable = usable;
    }

    private List<PlannedRun> finished(String row, String column) {
        return plan.cells().get(row + "\u0000" + column).stream()
                .filter(r -> usable.test(r.hash()) && store.finished(r.hash())).toList();
    }

    /**
     * Writes the figures under {@code dir/plots}; returns their paths relative to {@code dir}. A figure that cannot be
     * drawn is left out with one line on {@code problems}: a plot never costs the table its report.
     */
    public List<String> write(Path dir, java.util.function.Consumer<String> problems) {
        System.setProperty("java.awt.headless", "true");
        List<String> out = new ArrayList<>();
        for (String column : plan.columnLabels()) {
            XYChart chart = accuracyChart(column);
            if (!chart.getSeriesMap().isEmpty()) {
                save(dir, "accuracy-" + slug(column), chart, problems).ifPresent(out::add);
            }
        }
        String column = plan.columnLabels().get(0);
        for (String row : plan.rowLabels()) {
            List<PlannedRun> finished = finished(row, column);
            Path csv = finished.isEmpty() ? null : store.runDir(finished.get(0).hash()).resolve("diagnostics.csv");
            if (csv == null || !Files.exists(csv)) {
                continue;
            }
            List<Map<String, String>> rows = readCsv(csv);
            boolean diverged = store.result(finished.get(0).hash()).orElseThrow().hasNonNull("diverged");
            for (String signal : List.of("rlc", "dgr", "rs")) {
                XYChart chart = diagnosticsChart(row, signal, rows, diverged);
                if (chart != null) {
                    save(dir, "diag-" + slug(row) + "-" + signal, chart, problems).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private XYChart accuracyChart(String column) {
        XYChart chart = new XYChartBuilder().width(640).height(420)
                .title("Test accuracy" + (column.equals("-") ? "" : " — " + column)).xAxisTitle("epoch")
                .yAxisTitle("accuracy").build();
        List<Double> divergedX = new ArrayList<>();
        List<Double> divergedY = new ArrayList<>();
        for (String row : plan.rowLabels()) {
            List<PlannedRun> runs = finished(row, column);
            if (runs.isEmpty()) {
                continue;
            }
            List<double[]> curves = new ArrayList<>();
            for (PlannedRun r : runs) {
                JsonNode result = store.result(r.hash()).orElseThrow();
                double[] curve = accuracyCurve(result);
                curves.add(curve);
                if (result.hasNonNull("diverged") && curve.length > 0) {
                    // the seed's last epoch, where a non-finite loss stopped it
                    divergedX.add((double) (curve.length - 1));
                    divergedY.add(Double.isNaN(curve[curve.length - 1]) ? 0 : curve[curve.length - 1]);
                }
            }
            double[] mean = meanOverSeeds(curves);
            chart.addSeries(row, epochAxis(mean.length), mean).setMarker(SeriesMarkers.NONE);
        }
        if (!divergedX.isEmpty()) {
            XYSeries marks = chart.addSeries("diverged (a seed stopped)", divergedX, divergedY);
            marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            marks.setMarker(SeriesMarkers.CROSS);
            marks.setMarkerColor(java.awt.Color.RED);
        }
        return chart;
    }

    /** Test accuracy per epoch of one run; a value that is missing or not finite is NaN (a gap in the line). */
    static double[] accuracyCurve(JsonNode result) {
        JsonNode epochs = result.get("epochs");
        double[] curve = new double[epochs.size()];
        for (int e = 0; e < curve.length; e++) {
            JsonNode a = epochs.get(e).path("metrics").get("accuracy");
            curve[e] = a == null ? Double.NaN : finite(a.asDouble(Double.NaN));
        }
        return curve;
    }

    /**
     * Per epoch, the mean over the seeds that have a finite value there (a seed that diverged early stops
     * counting); NaN where none has.
     */
    static double[] meanOverSeeds(List<double[]> curves) {
        int n = curves.stream().mapToInt(c -> c.length).max().orElse(0);
        double[] mean = new double[n];
        for (int e = 0; e < n; e++) {
            double sum = 0;
            int k = 0;
            for (double[] c : curves) {
                if (e < c.length && !Double.isNaN(c[e])) {
                    sum += c[e];
                    k++;
                }
            }
            mean[e] = k == 0 ? Double.NaN : sum / k;
        }
        return mean;
    }

    /** XChart rejects ±Infinity in series data and draws NaN as a gap: every non-finite value becomes a gap. */
    static double finite(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    private static double[] epochAxis(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private XYChart diagnosticsChart(String row, String signal, List<Map<String, String>> rows, boolean diverged) {
        String title = switch (signal) {
            case "rlc" -> "RLC (representation-to-logit coupling)";
            case "dgr" -> "DGR (effective gain growth rate)";
            default -> "RS (redundancy score)";
        };
        XYChart chart = new XYChartBuilder().width(480).height(320).title(row + ": " + title).xAxisTitle("step")
                .yAxisTitle(signal.toUpperCase(java.util.Locale.ROOT)).build();
        boolean any = false;
        for (String column : rows.isEmpty() ? List.<String>of() : rows.get(0).keySet()) {
            if (!column.startsWith(signal + ".")) {
                continue;
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Map<String, String> r : rows) {
                String v = r.get(column);
                if (v != null && !v.isEmpty()) {
                    xs.add(Double.parseDouble(r.get("step")));
                    ys.add(finite(Double.parseDouble(v)));
                }
            }
            if (xs.size() < 2 || ys.stream().allMatch(y -> Double.isNaN(y))) {
                continue;
            }
            chart.addSeries(column.substring(signal.length() + 1), xs, smooth(ys, signal.equals("rs") ? 3 : SMOOTH))
                    .setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (any && diverged) {
            // the step where a non-finite loss stopped training: the last row of diagnostics.csv
            double last = Double.parseDouble(rows.get(rows.size() - 1).get("step"));
            chart.addAnnotation(new AnnotationLine(last, true, false));
            chart.addAnnotation(new AnnotationText("diverged", last, 0, false));
            chart.setTitle(chart.getTitle() + " — diverged");
        }
        return any ? chart : null;
    }

    /**
     * Trailing moving average over the finite values of the last {@code window} points, to read trends through
     * per-batch noise; NaN (a gap) at a point whose own value is NaN.
     */
    static List<Double> smooth(List<Double> v, int window) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (Double.isNaN(v.get(i))) {
                out.add(Double.NaN);
                continue;
            }
            double sum = 0;
            int n = 0;
            for (int j = Math.max(0, i - window + 1); j <= i; j++) {
                if (!Double.isNaN(v.get(j))) {
                    sum += v.get(j);
                    n++;
                }
            }
            out.add(sum / n);
        }
        return out;
    }

    private static List<Map<String, String>> readCsv(Path csv) {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            return it.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.Optional<String> save(Path dir, String name, XYChart chart,
                                                  java.util.function.Consumer<String> problems) {
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setXAxisTickMarkSpacingHint(160);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        try {
            // XChart appends ".png" to a name without it: the temporary name ends in ".tmp", so write to a stream
            RunFiles.writeAtomically(dir.resolve("plots").resolve(name + ".png"), tmp -> {
                try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
                    BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
                }
            });
            return java.util.Optional.of("plots/" + name + ".png");
        } catch (RuntimeException e) {
            problems.accept("plot " + name + ".png not drawn: " + e);
            return java.util.Optional.empty();
        }
    }

    static String slug(String s) {
        String out = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return out.isEmpty() ? "all" : out;
    }
}
