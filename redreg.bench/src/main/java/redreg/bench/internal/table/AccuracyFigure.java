package redreg.bench.internal.table;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The test-accuracy figure of one column group: per row the mean over seeds (line) and mean ± one standard deviation
 * (band), in percent. Up to {@link #MAX_LINES} rows share one chart with the legend beside the data; more rows get
 * small multiples — one panel per row on a shared y range, the baseline row in grey in every panel — since a dozen
 * lines in one chart cannot be told apart. A seed that diverged is a red × at its last epoch.
 */
final class AccuracyFigure {
    /** The most rows drawn as lines of one chart. */
    static final int MAX_LINES = 6;
    static final int PANEL_WIDTH = 340;
    static final int PANEL_HEIGHT = 230;
    static final int CAPTION_HEIGHT = 44;
    private static final Color BASELINE = new Color(150, 150, 150);
    private static final Color DIVERGED = new Color(200, 0, 0);
    /** Tableau's ten colours: distinct for most eyes, also in greyscale print. */
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    /**
     * One row's test accuracy per epoch and seed (fractions; NaN where a seed has no finite value, e.g. after it
     * diverged) and which seeds diverged.
     */
    record Row(String label, List<double[]> seeds, List<Boolean> diverged) {
        int epochs() {
            return seeds.stream().mapToInt(c -> c.length).max().orElse(0);
        }

        /** Per epoch over the seeds with a value there: mean, and sample std (0 for one seed); NaN where none. */
        double[][] meanAndStd() {
            int n = epochs();
            double[] mean = new double[n];
            double[] std = new double[n];
            for (int e = 0; e < n; e++) {
                List<Double> v = new ArrayList<>();
                for (double[] c : seeds) {
                    if (e < c.length && !Double.isNaN(c[e])) {
                        v.add(c[e]);
                    }
                }
                double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                double ss = v.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
                mean[e] = m;
                std[e] = v.size() < 2 ? (v.isEmpty() ? Double.NaN : 0) : Math.sqrt(ss / (v.size() - 1));
            }
            return new double[][] {mean, std};
        }
    }

    /** Panels across and down: 1 × 1 for one chart, else up to four across. */
    record Grid(int across, int down) {
        static Grid of(int rows) {
            if (rows <= MAX_LINES) {
                return new Grid(1, 1);
            }
            int across = Math.min(4, (int) Math.ceil(Math.sqrt(rows)));
            return new Grid(across, (rows + across - 1) / across);
        }
    }

    private final String title;
    private final List<Row> rows;
    private final String baseline;

    /** @param baseline the row drawn in grey in every small multiple (null: none) */
    AccuracyFigure(String title, List<Row> rows, String baseline) {
        this.title = title;
        this.rows = rows;
        this.baseline = baseline;
    }

    BufferedImage draw() {
        return rows.size() <= MAX_LINES ? BitmapEncoder.getBufferedImage(oneChart()) : smallMultiples();
    }

    /** All rows in one chart, the legend outside the data (to the right). */
    XYChart oneChart() {
        XYChart chart = chart(title, 860, 440);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<double[]> marks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            add(chart, row, PALETTE[i % PALETTE.length], true);
            Plots.labelEvery(chart, row.epochs() - 1, 10);
            marks.addAll(divergedPoints(row));
        }
        addDiverged(chart, marks, true);
        return chart;
    }

    /** One panel per row on a shared y range, with the baseline row in grey; a caption says how to read them. */
    BufferedImage smallMultiples() {
        Grid grid = Grid.of(rows.size());
        BufferedImage image = new BufferedImage(grid.across() * PANEL_WIDTH, CAPTION_HEIGHT + grid.down() * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("line: mean over seeds; band: ± 1 std; grey: " + (baseline == null ? "–" : "baseline " + baseline)
                + "; red ×: a seed diverged (its last epoch)", 10, 38);
        double[] range = yRange();
        Row base = rows.stream().filter(r -> r.label().equals(baseline)).findFirst().orElse(null);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            XYChart panel = chart(row.label(), PANEL_WIDTH, PANEL_HEIGHT);
            panel.getStyler().setLegendVisible(false);
            panel.getStyler().setYAxisMin(range[0]).setYAxisMax(range[1]);
            if (base != null && base != row) {
                add(panel, base, BASELINE, false);
            }
            add(panel, row, PALETTE[0], true);
            Plots.labelEvery(panel, rows.stream().mapToInt(Row::epochs).max().orElse(1) - 1, 5);
            addDiverged(panel, divergedPoints(row), false);
            g.drawImage(BitmapEncoder.getBufferedImage(panel), (i % grid.across()) * PANEL_WIDTH,
                    CAPTION_HEIGHT + (i / grid.across()) * PANEL_HEIGHT, null);
        }
        g.dispose();
        return image;
    }

    private static XYChart chart(String title, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("epoch")
                .yAxisTitle("test accuracy (%)").build();
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setLegendBorderColor(Color.WHITE);
        chart.getStyler().setMarkerSize(8);
        return chart;
    }

    /** The row's mean line (named after the row in the legend) and, with {@code band}, its ± 1 std band. */
    private static void add(XYChart chart, Row row, Color color, boolean band) {
        double[][] ms = row.meanAndStd();
        double[] x = new double[ms[0].length];
        double[] mean = new double[x.length];
        for (int e = 0; e < x.length; e++) {
            x[e] = e;
            mean[e] = 100 * ms[0][e];
        }
        String name = row.label();
        if (band) {
            int k = 0;
            for (int[] seg : segments(ms)) {
                XYSeries s = chart.addSeries(name + "\u0000band" + k++, bandX(seg), bandY(ms, seg));
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                s.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
                s.setLineStyle(SeriesLines.NONE);
                s.setMarker(SeriesMarkers.NONE);
                s.setShowInLegend(false);
            }
        }
        XYSeries line = chart.addSeries(name, x, mean);
        line.setLineColor(color);
        line.setLineWidth(2f);
        // a lone point between gaps has no line to show it
        line.setMarker(x.length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        line.setMarkerColor(color);
    }

    /** Runs of consecutive epochs with a finite mean and a positive spread: each becomes one polygon. */
    private static List<int[]> segments(double[][] ms) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int e = 0; e <= ms[0].length; e++) {
            boolean ok = e < ms[0].length && !Double.isNaN(ms[0][e]) && ms[1][e] > 0;
            if (ok && start < 0) {
                start = e;
            } else if (!ok && start >= 0) {
                if (e - start >= 2) {
                    out.add(new int[] {start, e});
                }
                start = -1;
            }
        }
        return out;
    }

    private static double[] bandX(int[] seg) {
        int n = seg[1] - seg[0];
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = seg[0] + i;
            x[2 * n - 1 - i] = seg[0] + i;
        }
        return x;
    }

    /** Upper edge left to right, then the lower edge back, clipped to [0, 100]. */
    private static double[] bandY(double[][] ms, int[] seg) {
        int n = seg[1] - seg[0];
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            int e = seg[0] + i;
            y[i] = Math.min(100, 100 * (ms[0][e] + ms[1][e]));
            y[2 * n - 1 - i] = Math.max(0, 100 * (ms[0][e] - ms[1][e]));
        }
        return y;
    }

    /** (epoch, accuracy %) of each diverged seed's last epoch with a value. */
    private static List<double[]> divergedPoints(Row row) {
        List<double[]> out = new ArrayList<>();
        for (int s = 0; s < row.seeds().size(); s++) {
            double[] c = row.seeds().get(s);
            if (!row.diverged().get(s)) {
                continue;
            }
            for (int e = c.length - 1; e >= 0; e--) {
                if (!Double.isNaN(c[e])) {
                    out.add(new double[] {e, 100 * c[e]});
                    break;
                }
            }
        }
        return out;
    }

    private static void addDiverged(XYChart chart, List<double[]> marks, boolean legend) {
        if (marks.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries("a seed diverged", marks.stream().mapToDouble(p -> p[0]).toArray(),
                marks.stream().mapToDouble(p -> p[1]).toArray());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CROSS);
        s.setMarkerColor(DIVERGED);
        s.setShowInLegend(legend);
    }

    /** The y range every small multiple shares: all bands and means, padded, in percent. */
    private double[] yRange() {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Row r : rows) {
            double[][] ms = r.meanAndStd();
            for (int e = 0; e < ms[0].length; e++) {
                if (!Double.isNaN(ms[0][e])) {
                    lo = Math.min(lo, 100 * (ms[0][e] - ms[1][e]));
                    hi = Math.max(hi, 100 * (ms[0][e] + ms[1][e]));
                }
            }
        }
        if (lo > hi) {
            return new double[] {0, 100};
        }
        double pad = Math.max(1, 0.05 * (hi - lo));
        return new double[] {Math.max(0, Math.floor(lo - pad)), Math.min(100, Math.ceil(hi + pad))};
    }
}
