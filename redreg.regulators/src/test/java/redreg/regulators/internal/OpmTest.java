package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * OPM's drop against {@code reference/opm_reference.py} (numpy, the official calcu_q and execute_drop, a replica of
 * java.util.Random for the draws), and its rules.
 */
class OpmTest {
    private static final double TOL = 1e-9;

    @Test
    void oneStepMatchesTheNumpyReference() throws Exception {
        JsonNode fixture;
        try (InputStream in = OpmTest.class.getResourceAsStream("/reference/opm.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        for (JsonNode c : fixture.get("cases")) {
            Map<String, Double> scores = doubles(c.get("scores"));
            Map<String, Integer> sizes = new LinkedHashMap<>();
            c.get("sizes").fields().forEachRemaining(e -> sizes.put(e.getKey(), e.getValue().asInt()));
            Map<String, Double> q = Opm.dropProbabilities(scores, c.get("qBase").asDouble(), c.get("lambda").asDouble());
            if (c.get("qGiven").asBoolean()) {
                q = doubles(c.get("q"));
            } else {
                for (var e : doubles(c.get("q")).entrySet()) {
                    assertThat(q.get(e.getKey())).as("q " + e.getKey()).isCloseTo(e.getValue(), within(TOL));
                }
            }
            Random random = new Random(c.get("seed").asLong());
            boolean executed = random.nextDouble() >= 1 - c.get("execute").asDouble();
            assertThat(executed).isEqualTo(c.get("executed").asBoolean());
            int batch = c.get("batch").asInt();
            Opm.Drop d = new Opm.Drop(q, sizes, batch, random);
            assertThat(d.kept).isEqualTo(c.get("kept").asInt());
            for (String m : sizes.keySet()) {
                for (int i = 0; i < batch; i++) {
                    assertThat(d.scale.get(m)[i]).as(m + " " + i)
                            .isCloseTo(c.get("scale").get(m).get(i).asDouble(), within(TOL));
                }
            }
            for (int i = 0; i < batch; i++) {
                assertThat(d.sampleWeights[i]).isCloseTo(c.get("weights").get(i).asDouble(), within(TOL));
            }
        }
    }

    @Test
    void onlyALeadingModalityIsDroppedAndTheKeptMeanIsOne() {
        Map<String, Double> q = Opm.dropProbabilities(Map.of("audio", 10.0, "visual", 5.0), 0.5, 0.5);
        assertThat(q.get("visual")).isZero();
        assertThat(q.get("audio")).isCloseTo(0.5 * (1 + 0.5 * Math.tanh(1.0)), within(1e-12));
        // Even scores drop nothing.
        assertThat(Opm.dropProbabilities(Map.of("audio", 4.0, "visual", 4.0), 0.5, 0.5).values()).containsOnly(0.0);
        // Weights average to one over the batch (the fused loss is the mean over the kept samples).
        Opm.Drop d = new Opm.Drop(Map.of("audio", 0.8, "visual", 0.8), Map.of("audio", 4, "visual", 4), 64,
                new Random(1));
        assertThat(d.kept).isBetween(1, 63);
        double sum = 0;
        for (double w : d.sampleWeights) {
            sum += w;
        }
        assertThat(sum / 64).isCloseTo(1.0, within(1e-12));
        // Kept features are rescaled by 1/(1 − θ), θ the size-weighted mean drop probability.
        for (double s : d.scale.get("audio")) {
            assertThat(s == 0 || Math.abs(s - 1 / (1 - 0.8)) < 1e-12).isTrue();
        }
    }

    private static Map<String, Double> doubles(JsonNode n) {
        Map<String, Double> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
        return out;
    }
}
