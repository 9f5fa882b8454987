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
import org.knowm.xchart.BitmapEncoder;
import redreg.api.internal.engine.runfiles.RunFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
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

    /** Writes the figures under {@code dir/plots}; returns their paths relative to {@code dir}. */
    public List<String> write(Path dir) {
        System.setProperty("java.awt.headless", "true");
        List<String> out = new ArrayList<>();
        for (String column : plan.columnLabels()) {
            XYChart chart = accuracyChart(column);
            if (!chart.getSeriesMap().isEmpty()) {
                out.add(save(dir, "accuracy-" + slug(column), chart));
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
            for (String signal : List.of("rlc", "dgr", "rs")) {
                XYChart chart = diagnosticsChart(row, signal, rows);
                if (chart != null) {
                    out.add(save(dir, "diag-" + slug(row) + "-" + signal, chart));
                }
            }
        }
        return out;
    }

    private XYChart accuracyChart(String column) {
        XYChart chart = new XYChartBuilder().width(640).height(420)
                .title("Test accuracy" + (column.equals("-") ? "" : " — " + column)).xAxisTitle("epoch")
                .yAxisTitle("accuracy").build();
        for (String row : plan.rowLabels()) {
            List<PlannedRun> runs = finished(row, column);
            if (runs.isEmpty()) {
                continue;
            }
            double[] mean = null;
            for (PlannedRun r : runs) {
                JsonNode epochs = store.result(r.hash()).orElseThrow().get("epochs");
                if (mean == null) {
                    mean = new double[epochs.size()];
                }
                for (int e = 0; e < Math.min(mean.length, epochs.size()); e++) {
                    mean[e] += epochs.get(e).get("metrics").get("accuracy").asDouble() / runs.size();
                }
            }
            double[] x = new double[mean.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            chart.addSeries(row, x, mean).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private XYChart diagnosticsChart(String row, String signal, List<Map<String, String>> rows) {
        String title = switch (signal) {
            case "rlc" -> "RLC (representation-to-logit coupling)";
            case "dgr" -> "DGR (effective gain growth rate)";
            default -> "RS (redundancy score)";
        };
        XYChart chart = new XYChartBuilder().width(480).height(320).title(row + ": " + title).xAxisTitle("step")
                .build();
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
                    ys.add(Double.parseDouble(v));
                }
            }
            if (xs.size() < 2) {
                continue;
            }
            chart.addSeries(column.substring(signal.length() + 1), xs, smooth(ys, signal.equals("rs") ? 3 : SMOOTH))
                    .setMarker(SeriesMarkers.NONE);
            any = true;
        }
        return any ? chart : null;
    }

    /** Trailing moving average, to read trends through per-batch noise. */
    static List<Double> smooth(List<Double> v, int window) {
        List<Double> out = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < v.size(); i++) {
            sum += v.get(i);
            if (i >= window) {
                sum -= v.get(i - window);
            }
            out.add(sum / Math.min(i + 1, window));
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

    private static String save(Path dir, String name, XYChart chart) {
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setXAxisTickMarkSpacingHint(160);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        // XChart appends ".png" to a name without it: the temporary name ends in ".tmp", so write to a stream
        RunFiles.writeAtomically(dir.resolve("plots").resolve(name + ".png"), tmp -> {
            try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
        return "plots/" + name + ".png";
    }

    static String slug(String s) {
        String out = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return out.isEmpty() ? "all" : out;
    }
}
