package redreg.fusion.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.fusion.MmCosineConfig;

/**
 * MMCosine's head against {@code reference/mmcosine_reference.py} (numpy, the official main_CD.py formula, gradients
 * by central differences of the CE loss), and its rules: logits bounded by s·M, blind to feature and weight scale.
 */
class MmCosineFusionTest {
    private static final double TOL = 1e-6;

    @Test
    void oneStepMatchesTheNumpyReference() throws Exception {
        JsonNode fixture;
        try (InputStream in = MmCosineFusionTest.class.getResourceAsStream("/reference/mmcosine.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        for (JsonNode c : fixture.get("cases")) {
            List<Integer> sizes = new ArrayList<>();
            c.get("sizes").forEach(n -> sizes.add(n.asInt()));
            INDArray w = array(c.get("weight"));
            List<String> names = List.of("a", "b", "c").subList(0, sizes.size());
            Fusion f = new MmCosineFusion.Provider().create(new MmCosineConfig(c.get("scaling").asDouble()),
                    new FusionContext(names, sizes, (int) w.rows(), DataType.DOUBLE, 7));
            f.parameters().get(0).value().assign(w);
            List<INDArray> z = new ArrayList<>();
            c.get("features").forEach(n -> z.add(array(n)));
            int[] y = new int[c.get("labels").size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = c.get("labels").get(i).asInt();
            }
            INDArray logits = f.forward(z, true);
            close("logits", logits, array(c.get("logits")));
            // dCE/dlogits = (softmax − onehot) / B
            INDArray p = Nd4j.nn().softmax(logits.dup(), 1);
            for (int i = 0; i < y.length; i++) {
                p.putScalar(i, y[i], p.getDouble(i, y[i]) - 1);
            }
            List<INDArray> dz = f.backward(p.divi(y.length));
            for (int m = 0; m < sizes.size(); m++) {
                close("dz" + m, dz.get(m), array(c.get("featureGradients").get(m)));
            }
            close("dW", f.parameters().get(0).gradient(), array(c.get("weightGradient")));
        }
    }

    @Test
    void logitsAreBoundedAndBlindToScale() {
        FusionContext ctx = new FusionContext(List.of("a", "b", "c"), List.of(3, 5, 4), 6, DataType.DOUBLE, 3);
        Fusion f = new MmCosineFusion.Provider().create(new MmCosineConfig(15), ctx);
        Nd4j.getRandom().setSeed(5);
        List<INDArray> z = List.of(Nd4j.rand(DataType.DOUBLE, 8, 3).subi(0.5), Nd4j.rand(DataType.DOUBLE, 8, 5),
                Nd4j.rand(DataType.DOUBLE, 8, 4).muli(100));
        INDArray logits = f.forward(z, true).dup();
        assertThat(logits.amaxNumber().doubleValue()).isLessThanOrEqualTo(15 * 3 + 1e-9).isGreaterThan(0);
        List<INDArray> scaled = List.of(z.get(0).mul(7), z.get(1).mul(0.01), z.get(2));
        f.parameters().get(0).value().muli(42);
        INDArray again = f.forward(scaled, true);
        assertThat(again.sub(logits).amaxNumber().doubleValue()).isLessThan(1e-9);
    }

    private static void close(String what, INDArray actual, INDArray expected) {
        assertThat(actual.shape()).as(what).containsExactly(expected.shape());
        double diff = actual.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue();
        assertThat(diff).as(what).isCloseTo(0, within(TOL));
    }

    private static INDArray array(JsonNode n) {
        int rows = n.size();
        int cols = n.get(0).size();
        double[] v = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i * cols + j] = n.get(i).get(j).asDouble();
            }
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
    }
}
