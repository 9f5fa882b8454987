package redreg.api.internal.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Objective;
import redreg.api.config.LossConfig;
import redreg.api.internal.engine.model.ObjectiveLoss;

/**
 * The regression metrics and losses against reference/regression_metrics.py: numpy, written from MMSA's and MulT's
 * evaluation code (zeros in the targets, halves that numpy rounds to even, scores outside [−3, 3]).
 */
class RegressionMetricsTest {

    private static JsonNode reference() throws Exception {
        try (InputStream in = RegressionMetricsTest.class.getResourceAsStream("/reference/regression_metrics.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    @Test
    void metricsMatchNumpy() throws Exception {
        JsonNode ref = reference();
        double[] s = doubles(ref.get("scores"));
        double[] t = doubles(ref.get("targets"));
        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put("fused", s);
        scores.put("audio", t.clone()); // a perfect head
        Map<String, Double> m = RegressionMetrics.of((Objective.Regression) Objective.sentimentRegression(), scores, t);
        assertThat(m.keySet()).containsExactly("mae", "mse", "pearson", "acc2", "acc2nonzero", "acc7", "mae.audio");
        for (String k : new String[] {"mae", "mse", "pearson", "acc2", "acc2nonzero", "acc7"}) {
            assertThat(m.get(k)).as(k).isCloseTo(ref.get(k).asDouble(), within(1e-12));
        }
        assertThat(m.get("mae.audio")).isZero();
        // a plain regression reports no sentiment accuracies, in the objective's order
        Map<String, Double> plain = RegressionMetrics.of((Objective.Regression) Objective.regression(), scores, t);
        assertThat(plain.keySet()).containsExactlyElementsOf(Objective.regression().metrics(java.util.List.of("audio")));
    }

    @Test
    void roundingIsHalfToEvenAndClipped() {
        assertThat(Objective.Regression.sentimentClass(2.5)).isEqualTo(2);
        assertThat(Objective.Regression.sentimentClass(-0.5)).isEqualTo(0);
        assertThat(Objective.Regression.sentimentClass(1.5)).isEqualTo(2);
        assertThat(Objective.Regression.sentimentClass(-4.2)).isEqualTo(-3);
        assertThat(RegressionMetrics.pearson(new double[] {1, 1, 1}, new double[] {0, 1, 2})).isZero();
    }

    @Test
    void lossesAndGradientsMatchNumpy() throws Exception {
        JsonNode ref = reference();
        double[] s = doubles(ref.get("scores"));
        double[] t = doubles(ref.get("targets"));
        INDArray scores = Nd4j.createFromArray(s).reshape(s.length, 1).castTo(DataType.DOUBLE);
        ObjectiveLoss.Truth truth = new ObjectiveLoss.Truth(new int[s.length], t);
        for (var loss : LossConfig.RegressionLoss.values()) {
            ObjectiveLoss l = ObjectiveLoss.of(Objective.regression(), loss);
            String name = loss == LossConfig.RegressionLoss.MSE ? "mse" : "l1";
            assertThat(l.outputs(scores)).isSameAs(scores);
            assertThat(l.trueClass(scores, truth)).isNull();
            assertThat(l.loss(scores, truth, null)).isCloseTo(ref.get(name + "Loss").asDouble(), within(1e-12));
            double[] g = l.gradient(scores, truth, 0.5).reshape(-1).toDoubleVector();
            double[] expected = doubles(ref.get(name + "Gradient"));
            for (int i = 0; i < g.length; i++) {
                assertThat(g[i]).as(name + " gradient " + i).isCloseTo(0.5 * expected[i], within(1e-12));
            }
        }
    }
}
