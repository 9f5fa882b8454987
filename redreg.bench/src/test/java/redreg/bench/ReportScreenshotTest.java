package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table's report.html as a browser shows it: {@code scripts/report-screenshot.sh} (headless Chromium) renders it,
 * and the figures' colours must be on the page (the images load from {@code plots/}). Skipped where Chromium is not
 * installed (CI does not install it: the figures' layout is checked without a browser by AccuracyFigureTest).
 */
class ReportScreenshotTest {
    @TempDir
    Path dir;

    private static boolean chromium() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "command -v chromium || command -v chromium-browser")
                .redirectErrorStream(true).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void theReportRendersWithItsFiguresInHeadlessChromium() throws Exception {
        assumeTrue(chromium(), "chromium is not installed (apt-get install chromium)");
        Path spec = TableSpecs.write(dir, 2, 2, 3, "");
        TableSpecs.Result r = TableSpecs.cli("table", spec.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Path shot = dir.resolve("shot.png");
        Process p = new ProcessBuilder("scripts/report-screenshot.sh", dir.resolve("out/report.html").toString(),
                shot.toString(), "1200", "1400").redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(log).isZero();
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        // the first row's line colour (AccuracyFigure's palette) is only in the accuracy figure: it was loaded
        boolean figure = false;
        for (int y = 0; y < image.getHeight() && !figure; y++) {
            for (int x = 0; x < image.getWidth() && !figure; x++) {
                int c = image.getRGB(x, y) & 0xffffff;
                figure = Math.abs((c >> 16) - 31) < 12 && Math.abs(((c >> 8) & 0xff) - 119) < 12
                        && Math.abs((c & 0xff) - 180) < 12;
            }
        }
        assertThat(figure).as("the accuracy figure is drawn on the page (%s)", shot).isTrue();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
}
