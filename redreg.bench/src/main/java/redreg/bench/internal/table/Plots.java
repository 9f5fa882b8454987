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
 * PNG figures with XChart: test-accuracy curves per column group ({@link AccuracyFigure}: mean and spread over
 * seeds), and for each row the paper's diagnostics (Figs. 1 and 3): RLC, DGR and RS per modality over training
 * steps, smoothed, from the first seed of the first column group — rows side by side (joint vs RedReg).
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
            AccuracyFigure figure = accuracyFigure(column);
            if (figure != null) {
                save(dir, "accuracy-" + slug(plan.columnLabels(), column), figure::draw, problems).ifPresent(out::add);
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
                    String name = "diag-" + slug(plan.rowLabels(), row) + "-" + signal;
                    save(dir, name, () -> BitmapEncoder.getBufferedImage(chart), problems).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private AccuracyFigure accuracyFigure(String column) {
        List<AccuracyFigure.Row> rows = new ArrayList<>();
        for (String row : plan.rowLabels()) {
            List<PlannedRun> runs = finished(row, column);
            if (runs.isEmpty()) {
                continue;
            }
            List<double[]> curves = new ArrayList<>();
            List<Boolean> diverged = new ArrayList<>();
            for (PlannedRun r : runs) {
                JsonNode result = store.result(r.hash()).orElseThrow();
                if (!result.path("metrics").has("accuracy")) {
                    return null; // a regression's runs: no accuracy curve (issue 19; their metrics are in the table)
                }
                curves.add(accuracyCurve(result));
                diverged.add(result.hasNonNull("diverged"));
            }
            rows.add(new AccuracyFigure.Row(row, curves, diverged));
        }
        return rows.isEmpty() ? null : new AccuracyFigure("Test accuracy" + (column.equals("-") ? "" : " — " + column),
                rows, plan.spec().baseline());
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

    /** XChart rejects ±Infinity in series data and draws NaN as a gap: every non-finite value becomes a gap. */
    static double finite(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    private XYChart diagnosticsChart(String row, String signal, List<Map<String, String>> rows, boolean diverged) {
        String title = switch (signal) {
            case "rlc" -> "RLC (representation-to-logit coupling)";
            case "dgr" -> "DGR (effective gain growth rate)";
            default -> "RS (redundancy score)";
        };
        XYChart chart = new XYChartBuilder().width(520).height(320).title(row + ": " + title).xAxisTitle("step")
                .yAxisTitle(signal.toUpperCase(java.util.Locale.ROOT) + (signal.equals("rs") ? "" : " (smoothed)"))
                .build();
        labelEvery(chart, rows.isEmpty() ? 0 : Double.parseDouble(rows.get(rows.size() - 1).get("step")), 6);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS)
                .setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE).setMarkerSize(5);
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
            // with gaps (non-finite values) a lone point has no line to show it: mark the points
            chart.addSeries(column.substring(signal.length() + 1), xs, smooth(ys, signal.equals("rs") ? 3 : SMOOTH))
                    .setMarker(ys.contains(Double.NaN) ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            any = true;
        }
        if (any && diverged) {
            // the step where a non-finite loss stopped training: the last row of diagnostics.csv
            double last = Double.parseDouble(rows.get(rows.size() - 1).get("step"));
            chart.addAnnotation(new AnnotationLine(last, true, false));
            double top = chart.getSeriesMap().values().stream().flatMapToDouble(x -> java.util.Arrays.stream(x.getYData()))
                    .filter(Double::isFinite).max().orElse(0);
            chart.addAnnotation(new AnnotationText("diverged", last, top, false));
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

    /** Draws and writes one figure; a figure that cannot be drawn is left out with one line on {@code problems}. */
    private static java.util.Optional<String> save(Path dir, String name,
                                                  java.util.function.Supplier<java.awt.image.BufferedImage> figure,
                                                  java.util.function.Consumer<String> problems) {
        try {
            java.awt.image.BufferedImage image = figure.get();
            RunFiles.writeAtomically(dir.resolve("plots").resolve(name + ".png"), tmp -> {
                if (!javax.imageio.ImageIO.write(image, "png", tmp.toFile())) {
                    throw new IOException("no PNG writer");
                }
            });
            return java.util.Optional.of("plots/" + name + ".png");
        } catch (RuntimeException e) {
            problems.accept("plot " + name + ".png not drawn: " + e);
            return java.util.Optional.empty();
        }
    }

    /**
     * XChart puts a label on every integer of a short axis, whatever its spacing hint or label count says: only
     * multiples of a round step (1, 2, 5 × 10^k, about {@code labels} of them up to {@code max}) keep theirs.
     */
    static void labelEvery(XYChart chart, double max, int labels) {
        double raw = Math.max(1, max / labels);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw <= magnitude ? magnitude : raw <= 2 * magnitude ? 2 * magnitude
                : raw <= 5 * magnitude ? 5 * magnitude : 10 * magnitude;
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
            long r = Math.round(x);
            return Math.abs(x - r) < 1e-9 && r % (long) step == 0 ? Long.toString(r) : " "; // TextLayout refuses ""
        });
    }

    static String slug(String s) {
        String out = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return out.isEmpty() ? "all" : out;
    }

    /**
     * The file-name part of each label, unique within {@code labels}: labels that differ only in punctuation
     * ("Joint", "Joint*") would share a slug and overwrite each other's figures, so a later one gets its position
     * appended ({@code joint-2}).
     */
    static String slug(List<String> labels, String label) {
        String base = slug(label);
        int index = labels.indexOf(label);
        boolean earlier = labels.subList(0, Math.max(index, 0)).stream().anyMatch(l -> slug(l).equals(base));
        return earlier ? base + "-" + (index + 1) : base;
    }
}
