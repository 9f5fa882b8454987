package redreg.bench.internal.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TsneTest {

    private static Map<String, List<double[]>> reference() throws IOException {
        Map<String, List<double[]>> out = new HashMap<>();
        try (InputStream in = TsneTest.class.getResourceAsStream("/tsne/tsne_reference.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split(" ");
                if (f[0].equals("#")) {
                    continue;
                }
                double[] v = new double[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    v[i - 1] = Double.parseDouble(f[i]);
                }
                out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(v);
            }
        }
        return out;
    }

    private static double[] flat(List<double[]> rows) {
        return rows.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    private static void assertClose(double[] actual, double[] expected, double relative) {
        assertThat(actual).hasSameSizeAs(expected);
        double scale = java.util.Arrays.stream(expected).map(Math::abs).max().orElse(1);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(relative * scale));
        }
    }

    /**
     * scikit-learn 1.2.1's own {@code _joint_probabilities}, {@code _kl_divergence} and {@code _gradient_descent}
     * on the same input (tsne_reference.py): t-SNE is chaotic, so the pieces and the first iterations are compared,
     * not a final embedding.
     */
    @Test
    void matchesScikitLearnsExactTsne() throws IOException {
        Map<String, List<double[]>> ref = reference();
        double[][] x = ref.get("x").toArray(new double[0][]);
        int n = x.length;
        double[] p = Tsne.jointProbabilities(Tsne.squaredDistances(x), 8);
        assertClose(p, ref.get("p").get(0), 1e-9);

        double[] start = flat(ref.get("start"));
        double[] grad = new double[2 * n];
        double kl = Tsne.gradient(p, start, n, grad, true);
        assertThat(kl).isCloseTo(ref.get("kl").get(0)[0], within(1e-12));
        assertClose(grad, ref.get("grad").get(0), 1e-10);

        double[] y = start.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= 1e-2;
        }
        double[] exaggerated = p.clone();
        for (int i = 0; i < p.length; i++) {
            exaggerated[i] *= Tsne.EARLY_EXAGGERATION;
        }
        new Tsne(8, 1000).descend(exaggerated, y, 0, 10, 0.5, Math.max(n / 12.0 / 4, 50), 250);
        assertClose(y, ref.get("y10").get(0), 1e-8);
    }

    @Test
    void wellSeparatedBlobsStaySeparated() {
        int perBlob = 40;
        int blobs = 4;
        Random random = new Random(3);
        double[][] x = new double[perBlob * blobs][16];
        int[] label = new int[x.length];
        for (int b = 0; b < blobs; b++) {
            double[] center = new double[16];
            for (int d = 0; d < 16; d++) {
                center[d] = 10 * random.nextGaussian();
            }
            for (int i = 0; i < perBlob; i++) {
                int r = b * perBlob + i;
                label[r] = b;
                for (int d = 0; d < 16; d++) {
                    x[r][d] = center[d] + random.nextGaussian();
                }
            }
        }
        double[][] y = new Tsne(30, 1000).embed(x, 5L);
        // every point's nearest neighbour in the plane is from its own blob ...
        for (int i = 0; i < y.length; i++) {
            int nearest = -1;
            double best = Double.MAX_VALUE;
            for (int j = 0; j < y.length; j++) {
                double d = Math.hypot(y[i][0] - y[j][0], y[i][1] - y[j][1]);
                if (j != i && d < best) {
                    best = d;
                    nearest = j;
                }
            }
            assertThat(label[nearest]).as("nearest neighbour of point %d", i).isEqualTo(label[i]);
        }
        // ... and each blob's spread is small against the distance between blob centres
        double[][] centre = new double[blobs][2];
        for (int i = 0; i < y.length; i++) {
            centre[label[i]][0] += y[i][0] / perBlob;
            centre[label[i]][1] += y[i][1] / perBlob;
        }
        double spread = 0;
        for (int i = 0; i < y.length; i++) {
            spread = Math.max(spread, Math.hypot(y[i][0] - centre[label[i]][0], y[i][1] - centre[label[i]][1]));
        }
        double gap = Double.MAX_VALUE;
        for (int a = 0; a < blobs; a++) {
            for (int b = a + 1; b < blobs; b++) {
                gap = Math.min(gap, Math.hypot(centre[a][0] - centre[b][0], centre[a][1] - centre[b][1]));
            }
        }
        assertThat(spread).isLessThan(gap / 2);
    }
}
