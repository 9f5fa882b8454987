package redreg.bench.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * Issue 18 (readable reports): the accuracy figure of a few rows is one chart with the legend beside the data and a
 * band for the spread over seeds; of many rows, small multiples on one y range; a diverged seed is marked; the
 * numbers under the band are the seeds' mean ± sample std.
 */
class AccuracyFigureTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** {@code n} rows of three seeds over {@code epochs} epochs, slowly rising, with seed noise. */
    private static List<AccuracyFigure.Row> rows(int n, int epochs) {
        Random random = new Random(7);
        List<AccuracyFigure.Row> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            List<double[]> seeds = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                double[] c = new double[epochs];
                for (int e = 0; e < epochs; e++) {
                    c[e] = 0.3 + 0.02 * e + 0.01 * r + 0.03 * random.nextGaussian();
                }
                seeds.add(c);
            }
            rows.add(new AccuracyFigure.Row("row " + r, seeds, List.of(false, false, false)));
        }
        return rows;
    }

    @Test
    void meanAndStdAreOverTheSeedsThatHaveAValue() {
        AccuracyFigure.Row row = new AccuracyFigure.Row("r",
                List.of(new double[] {0.2, 0.4, 0.6}, new double[] {0.4, 0.6}, new double[] {0.6, Double.NaN}),
                List.of(false, true, false));
        double[][] ms = row.meanAndStd();
        assertThat(ms[0]).containsExactly(new double[] {0.4, 0.5, 0.6}, org.assertj.core.data.Offset.offset(1e-12));
        // epoch 0: values 0.2, 0.4, 0.6 → sample std 0.2; epoch 1: 0.4, 0.6 → 0.1414…; epoch 2: one seed → 0
        assertThat(ms[1]).containsExactly(new double[] {0.2, Math.sqrt(0.02), 0}, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void fewRowsShareOneChartWithTheLegendOutsideAndABandPerRow() {
        List<AccuracyFigure.Row> rows = new ArrayList<>(rows(3, 10));
        List<double[]> seeds = List.of(new double[] {0.3, 0.35, 0.33}, new double[] {0.31, Double.NaN});
        rows.add(new AccuracyFigure.Row("diverges", seeds, List.of(false, true)));
        XYChart chart = new AccuracyFigure("t", rows, "row 0").oneChart();
        assertThat(chart.getStyler().getLegendPosition()).isEqualTo(Styler.LegendPosition.OutsideE);
        assertThat(chart.getXAxisTitle()).isEqualTo("epoch");
        assertThat(chart.getYAxisTitle()).isEqualTo("test accuracy (%)");
        List<XYSeries> bands = chart.getSeriesMap().values().stream()
                .filter(s -> s.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.PolygonArea).toList();
        // a band needs two epochs in a row with a spread: the diverging row has one (epoch 0)
        assertThat(bands).as("one band per row with a spread").hasSize(3).noneMatch(XYSeries::isShowInLegend);
        XYSeries diverged = chart.getSeriesMap().get("a seed diverged");
        assertThat(diverged.getXData()).containsExactly(0.0);
        assertThat(diverged.getYData()).containsExactly(new double[] {31.0}, org.assertj.core.data.Offset.offset(1e-9));
        // the mean line is in percent and a lone seed's value stands where the other has none
        assertThat(chart.getSeriesMap().get("diverges").getYData()[1]).isCloseTo(35.0, org.assertj.core.data.Offset.offset(1e-9));
        BufferedImage image = new AccuracyFigure("t", rows, "row 0").draw();
        assertThat(image.getWidth()).isEqualTo(860);
    }

    @Test
    void eighteenRowsGetSmallMultiplesFourAcrossOnOneYRange() {
        assertThat(AccuracyFigure.Grid.of(AccuracyFigure.MAX_LINES)).isEqualTo(new AccuracyFigure.Grid(1, 1));
        assertThat(AccuracyFigure.Grid.of(18)).isEqualTo(new AccuracyFigure.Grid(4, 5));
        assertThat(AccuracyFigure.Grid.of(9)).isEqualTo(new AccuracyFigure.Grid(3, 3));
        BufferedImage image = new AccuracyFigure("t", rows(18, 20), "row 0").draw();
        assertThat(image.getWidth()).isEqualTo(4 * AccuracyFigure.PANEL_WIDTH);
        assertThat(image.getHeight()).isEqualTo(AccuracyFigure.CAPTION_HEIGHT + 5 * AccuracyFigure.PANEL_HEIGHT);
        // every panel has drawn its line: the palette's first colour in each of the 18 cells, none in the two empty
        for (int i = 0; i < 20; i++) {
            int x0 = (i % 4) * AccuracyFigure.PANEL_WIDTH;
            int y0 = AccuracyFigure.CAPTION_HEIGHT + (i / 4) * AccuracyFigure.PANEL_HEIGHT;
            assertThat(hasColour(image, x0, y0, 0x1f77b4)).as("panel " + i).isEqualTo(i < 18);
        }
    }

    @Test
    void slugsOfLabelsThatDifferOnlyInPunctuationStayApart() {
        List<String> labels = List.of("Joint", "Joint*", "RedReg");
        assertThat(labels.stream().map(l -> Plots.slug(labels, l))).containsExactly("joint", "joint-2", "redreg");
    }

    private static boolean hasColour(BufferedImage image, int x0, int y0, int rgb) {
        for (int y = y0; y < y0 + AccuracyFigure.PANEL_HEIGHT; y++) {
            for (int x = x0; x < x0 + AccuracyFigure.PANEL_WIDTH; x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
