package redreg.regulators.internal;

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
import redreg.regulators.UmeConfig;

/**
 * UMT's distillation term and UME's test-time rule against {@code reference/umt_ume_reference.py} (numpy; the term's
 * gradient by central differences), and their rules.
 */
class UmtUmeTest {
    private static final double TOL = 1e-6;

    private static JsonNode fixture() throws Exception {
        try (InputStream in = UmtUmeTest.class.getResourceAsStream("/reference/umt_ume.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void distillationMatchesTheNumpyReference() throws Exception {
        for (JsonNode c : fixture().get("umt")) {
            Umt.Distillation d = new Umt.Distillation(matrix(c.get("student")), matrix(c.get("teacher")),
                    c.get("weight").asDouble());
            assertThat(d.value).isCloseTo(c.get("value").asDouble(), within(TOL));
            assertThat(d.gradient.sub(matrix(c.get("gradient"))).amaxNumber().doubleValue()).isLessThan(TOL);
        }
        // A student equal to its teacher costs nothing.
        INDArray z = Nd4j.rand(DataType.DOUBLE, 3, 4);
        Umt.Distillation same = new Umt.Distillation(z, z.dup(), 10);
        assertThat(same.value).isZero();
        assertThat(same.gradient.amaxNumber().doubleValue()).isZero();
    }

    @Test
    void theEnsembleMatchesTheNumpyReference() throws Exception {
        JsonNode c = fixture().get("ume");
        Map<String, INDArray> heads = new LinkedHashMap<>();
        c.get("heads").fields().forEachRemaining(e -> heads.put(e.getKey(), matrix(e.getValue())));
        INDArray fused = Nd4j.zeros(DataType.DOUBLE, 5, 4);
        INDArray logits = new Ume(new UmeConfig(UmeConfig.Average.LOGITS)).evaluationLogits(fused, heads);
        INDArray probs = new Ume(new UmeConfig(UmeConfig.Average.PROBABILITIES)).evaluationLogits(fused, heads);
        assertThat(logits.sub(matrix(c.get("logits"))).amaxNumber().doubleValue()).isLessThan(TOL);
        assertThat(probs.sub(matrix(c.get("probabilities"))).amaxNumber().doubleValue()).isLessThan(TOL);
        // The heads' logits are not changed by the rule.
        assertThat(heads.get("audio").sub(matrix(c.get("heads").get("audio"))).amaxNumber().doubleValue()).isZero();
    }

    private static INDArray matrix(JsonNode n) {
        double[][] v = new double[n.size()][];
        for (int i = 0; i < n.size(); i++) {
            v[i] = new double[n.get(i).size()];
            for (int j = 0; j < v[i].length; j++) {
                v[i][j] = n.get(i).get(j).asDouble();
            }
        }
        return Nd4j.createFromArray(v);
    }
}
