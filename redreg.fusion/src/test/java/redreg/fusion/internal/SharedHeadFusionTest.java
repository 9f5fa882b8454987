package redreg.fusion.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ConfigException;
import redreg.api.FusionContext;
import redreg.api.nn.Param;
import redreg.fusion.SharedHeadConfig;

/**
 * The shared-head fusion: its evaluation rules against {@code reference/shared_head_reference.py} (numpy), its
 * training backward (and the mean rule's evaluation backward) against central differences, and its refusals.
 */
class SharedHeadFusionTest {

    static INDArray array(JsonNode n) {
        double[][] v = new double[n.size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = new double[n.get(i).size()];
            for (int j = 0; j < v[i].length; j++) {
                v[i][j] = n.get(i).get(j).asDouble();
            }
        }
        return Nd4j.createFromArray(v);
    }

    static SharedHeadFusion fusion(int modalities, int d, int k, String rule) {
        List<String> names = List.of("a", "b", "c").subList(0, modalities);
        List<Integer> sizes = new ArrayList<>();
        names.forEach(n -> sizes.add(d));
        return new SharedHeadFusion(new FusionContext(names, sizes, k, DataType.DOUBLE, 5), new SharedHeadConfig(rule));
    }

    @Test
    void evaluationRulesMatchNumpy() throws Exception {
        JsonNode cases;
        try (InputStream in = SharedHeadFusionTest.class.getResourceAsStream("/reference/shared_head.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        for (JsonNode c : cases) {
            INDArray w = array(c.get("W"));
            List<INDArray> z = new ArrayList<>();
            c.get("features").forEach(f -> z.add(array(f)));
            for (String rule : List.of("entropy", "mean")) {
                SharedHeadFusion f = fusion(z.size(), (int) w.size(1), (int) w.size(0), rule);
                f.weight().value().assign(w);
                f.bias().value().assign(array(c.get("b")));
                INDArray out = f.forward(z, false);
                assertThat(out.sub(array(c.get(rule))).amaxNumber().doubleValue()).as(rule + ", " + z.size())
                        .isLessThan(1e-9);
            }
        }
    }

    @Test
    void trainingForwardIsTheHeadOnTheSummedFeaturesSoADroppedModalityLeavesTheOther() {
        SharedHeadFusion f = fusion(2, 4, 3, "entropy");
        INDArray za = Nd4j.rand(DataType.DOUBLE, 5, 4);
        INDArray out = f.forward(List.of(za, za.ulike().assign(0)), true);
        INDArray alone = za.mmul(f.weight().value().transpose()).addiRowVector(f.bias().value());
        assertThat(out.sub(alone).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        for (boolean training : new boolean[] {true, false}) {
            for (int m : new int[] {2, 3}) {
                // the mean rule in evaluation (the entropy gate's λ are constants in backward, see the class)
                SharedHeadFusion f = fusion(m, 4, 3, training ? "entropy" : "mean");
                Nd4j.getRandom().setSeed(7);
                List<INDArray> z = new ArrayList<>();
                for (int i = 0; i < m; i++) {
                    z.add(Nd4j.rand(DataType.DOUBLE, 5, 4).subi(0.5));
                }
                INDArray r = Nd4j.rand(DataType.DOUBLE, 5, 3).subi(0.5);
                f.forward(z, training);
                f.parameters().forEach(p -> p.gradient().assign(99)); // backward assigns
                List<INDArray> dz = f.backward(r);
                String where = (training ? "train" : "eval mean") + ", " + m + " modalities";
                for (Param p : f.parameters()) {
                    checkAll(where + " " + p.name(), p.value(), p.gradient(), () -> f.forward(z, training).mul(r)
                            .sumNumber().doubleValue());
                }
                for (int i = 0; i < m; i++) {
                    int at = i;
                    checkAll(where + " dz" + i, z.get(i), dz.get(i), () -> f.forward(z, training).mul(r)
                            .sumNumber().doubleValue());
                }
            }
        }
    }

    private static void checkAll(String what, INDArray x, INDArray analytic, java.util.function.DoubleSupplier loss) {
        for (long i = 0; i < x.length(); i++) {
            double orig = x.getDouble(i);
            x.putScalar(i, orig + 1e-6);
            double plus = loss.getAsDouble();
            x.putScalar(i, orig - 1e-6);
            double minus = loss.getAsDouble();
            x.putScalar(i, orig);
            double numeric = (plus - minus) / 2e-6;
            assertThat(analytic.getDouble(i)).as(what + " [" + i + "]").isCloseTo(numeric,
                    org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void refusesUnequalFeatureSizesInOneLine() {
        assertThatThrownBy(() -> new SharedHeadFusion(new FusionContext(List.of("a", "b"), List.of(4, 6), 3,
                DataType.DOUBLE, 1), SharedHeadConfig.defaults()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("one feature size").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> new SharedHeadConfig("vote")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("entropy, mean");
    }
}
