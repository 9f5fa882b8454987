package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CML's objective against {@code reference/cml_reference.py} (numpy, the official miwae/train.py loss, gradients by
 * central differences), and its rules.
 */
class CmlTest {
    private static final double TOL = 1e-6;

    @Test
    void oneStepMatchesTheNumpyReference() throws Exception {
        JsonNode fixture;
        try (InputStream in = CmlTest.class.getResourceAsStream("/reference/cml.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        for (JsonNode c : fixture.get("cases")) {
            double[][][] logits = cube(c.get("logits"));
            int[] y = new int[c.get("labels").size()];
            Arrays.setAll(y, i -> c.get("labels").get(i).asInt());
            double lambda = c.get("lambda").asDouble();
            Cml.Objective o = new Cml.Objective(logits, y, lambda, c.get("margin").asDouble());
            assertThat(o.rank).as("some pairs violate the rule").isGreaterThan(0);
            assertThat(o.rank).isCloseTo(c.get("rank").asDouble(), within(TOL));
            assertThat(o.value(lambda)).isCloseTo(c.get("value").asDouble(), within(TOL));
            double[][][] expected = cube(c.get("gradients"));
            for (int v = 0; v < logits.length; v++) {
                for (int i = 0; i < y.length; i++) {
                    for (int j = 0; j < logits[v][i].length; j++) {
                        assertThat(o.ceGradients[v][i][j] + o.rankGradients[v][i][j]).as("input %d [%d,%d]", v, i, j)
                                .isCloseTo(expected[v][i][j], within(TOL));
                    }
                }
            }
        }
    }

    @Test
    void confidenceThatFallsWithEveryRemovalCostsNothing() {
        int[] y = {0, 1};
        // Input 1 (one modality removed) is less sure than input 0, right or wrong: no hinge is active.
        double[][][] logits = {{{4, 0, 0}, {0, 3, 0}}, {{1, 0, 0}, {0, 0.5, 0.4}}};
        Cml.Objective o = new Cml.Objective(logits, y, 1.0, 0.0);
        assertThat(o.rank).isZero();
        assertThat(Arrays.stream(o.rankGradients).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream)
                .map(Math::abs).max().orElseThrow()).isZero();
    }

    @Test
    void whenBothAreWrongOnlyTheSmallerInputIsPushed() {
        int[] y = {2};
        // Both inputs predict class 0 (wrong); input 1 is more confident: trick 2 fires, trick 1 does not.
        double[][][] logits = {{{1, 0, 0}}, {{3, 0, 0}}};
        Cml.Objective o = new Cml.Objective(logits, y, 1.0, 0.0);
        assertThat(o.rank).isGreaterThan(0);
        assertThat(o.rankGradients[0][0]).containsOnly(0.0);
        assertThat(o.rankGradients[1][0][0]).as("lowers input 1's top logit").isGreaterThan(0);
        // A margin larger than the rise switches it off.
        assertThat(new Cml.Objective(logits, y, 1.0, 0.9).rank).isZero();
    }

    @Test
    void removalOrdersArePermutations() {
        Random r = new Random(3);
        for (int t = 0; t < 50; t++) {
            int[] p = Cml.shuffled(4, r);
            assertThat(Arrays.stream(p).sorted().toArray()).containsExactly(0, 1, 2, 3);
        }
    }

    private static double[][][] cube(JsonNode n) {
        double[][][] out = new double[n.size()][][];
        for (int v = 0; v < n.size(); v++) {
            out[v] = new double[n.get(v).size()][];
            for (int i = 0; i < n.get(v).size(); i++) {
                JsonNode row = n.get(v).get(i);
                out[v][i] = new double[row.size()];
                for (int j = 0; j < row.size(); j++) {
                    out[v][i][j] = row.get(j).asDouble();
                }
            }
        }
        return out;
    }
}
