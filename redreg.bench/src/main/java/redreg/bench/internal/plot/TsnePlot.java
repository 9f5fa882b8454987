package redreg.bench.internal.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Fig. 6 panel: a t-SNE of each run's features (the fused representation by default), one scatter per
 * run, points coloured by class, panels side by side in one PNG.
 */
public final class TsnePlot {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    /** One run's features [N, d] with their labels, and the panel's title. */
    public record Panel(String title, double[][] features, int[] labels) {
    }

    private TsnePlot() {
    }

    /**
     * The same seeded sample of at most {@code max} of {@code n} positions for every run (sorted), so that panels of
     * runs on the same split show the same samples.
     */
    public static int[] sample(int n, int max, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (n <= max) {
            return all;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(all, max);
        java.util.Arrays.sort(out);
        return out;
    }

    /** Embeds each panel's features and writes the figure to {@code png} (atomically); class names label the legend. */
    public static void write(List<Panel> panels, List<String> classNames, Tsne tsne, long seed, Path png) {
        System.setProperty("java.awt.headless", "true");
        List<BufferedImage> images = new ArrayList<>();
        for (Panel p : panels) {
            double[][] y = tsne.embed(p.features(), seed);
            images.add(BitmapEncoder.getBufferedImage(chart(p, y, classNames, String.format(java.util.Locale.ROOT,
                    "KL %.3f", tsne.klDivergence()))));
        }
        int width = images.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage image : images) {
            g.drawImage(image, x, 0, null);
            x += image.getWidth();
        }
        g.dispose();
        redreg.api.internal.engine.runfiles.RunFiles.writeAtomically(png, tmp -> {
            if (!javax.imageio.ImageIO.write(all, "png", tmp.toFile())) {
                throw new java.io.IOException("no PNG writer");
            }
        });
    }

    private static XYChart chart(Panel p, double[][] y, List<String> classNames, String note) {
        XYChart chart = new XYChartBuilder().width(520).height(520).title(p.title()).xAxisTitle("t-SNE 1 (" + note + ")")
                .yAxisTitle("t-SNE 2").build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        int classes = java.util.Arrays.stream(p.labels()).max().orElse(0) + 1;
        for (int k = 0; k < classes; k++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (p.labels()[i] == k) {
                    xs.add(y[i][0]);
                    ys.add(y[i][1]);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            String name = k < classNames.size() ? classNames.get(k) : String.valueOf(k);
            XYSeries s = chart.addSeries(name, xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(PALETTE[k % PALETTE.length]);
        }
        return chart;
    }
}
