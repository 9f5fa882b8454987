package redreg.fusion.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.nn.Param;

/** One MMTM block against numpy ({@code reference/mmtm_reference.py}) and against central differences. */
class MmtmBlockTest {
    private static final double H = 1e-6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void forwardRunningAverageCurationAndBackwardMatchNumpy() throws Exception {
        JsonNode ref;
        try (InputStream in = MmtmBlockTest.class.getResourceAsStream("/reference/mmtm.json")) {
            ref = JSON.readTree(in);
        }
        List<String> names = List.of("a", "b");
        MmtmBlock block = new MmtmBlock("blk", names, List.of(4, 2), ref.get("ratio").asInt(), DataType.DOUBLE,
                new Random(1));
        for (Param p : block.parameters()) {
            p.value().assign(array(ref.get("weights").get(p.name().substring("blk.".length()))));
        }
        for (JsonNode step : ref.get("forwards")) {
            int curated = step.get("curated").isNull() ? -1 : names.indexOf(step.get("curated").asText());
            List<INDArray> y = block.forward(List.of(array(step.get("xa")), array(step.get("xb"))), curated, true);
            close("ya", y.get(0), array(step.get("ya")));
            close("yb", y.get(1), array(step.get("yb")));
            close("running a", block.runningAverage(0), array(step.get("running.a")));
            close("running b", block.runningAverage(1), array(step.get("running.b")));
            List<INDArray> dx = block.backward(List.of(array(step.get("ra")), array(step.get("rb"))));
            close("dxa", dx.get(0), array(step.get("dxa")));
            close("dxb", dx.get(1), array(step.get("dxb")));
            for (Param p : block.parameters()) {
                close(p.name(), p.gradient(), array(step.get("grads").get(p.name().substring("blk.".length()))));
            }
        }
    }

    /** Live (-1) and curated branches, maps of rank 4, 3 and 2 at once. */
    @ParameterizedTest(name = "curated {0}")
    @ValueSource(ints = {-1, 0, 2})
    void backwardMatchesFiniteDifferences(int curated) {
        Nd4j.getRandom().setSeed(7);
        MmtmBlock block = new MmtmBlock("blk", List.of("a", "b", "c"), List.of(3, 2, 4), 2, DataType.DOUBLE,
                new Random(3));
        List<INDArray> x = List.of(Nd4j.rand(DataType.DOUBLE, 2, 3, 2, 2).subi(0.5),
                Nd4j.rand(DataType.DOUBLE, 2, 2, 3).subi(0.5), Nd4j.rand(DataType.DOUBLE, 2, 4).subi(0.5));
        // A few training forwards first, so the running averages are not trivial.
        for (int i = 0; i < 3; i++) {
            block.forward(List.of(x.get(0).mul(i), x.get(1).add(i), x.get(2)), -1, true);
        }
        List<INDArray> r = new ArrayList<>();
        x.forEach(xi -> r.add(Nd4j.rand(DataType.DOUBLE, xi.shape()).subi(0.5)));
        DoubleSupplier loss = () -> {
            List<INDArray> y = block.forward(x, curated, false);
            double sum = 0;
            for (int m = 0; m < y.size(); m++) {
                sum += y.get(m).mul(r.get(m)).sumNumber().doubleValue();
            }
            return sum;
        };
        loss.getAsDouble();
        block.parameters().forEach(p -> p.gradient().assign(99));
        List<INDArray> dx = block.backward(r);
        for (int m = 0; m < x.size(); m++) {
            compare("dx" + m, x.get(m), dx.get(m).dup(), loss);
        }
        for (Param p : block.parameters()) {
            compare(p.name(), p.value(), p.gradient().dup(), loss);
        }
        if (curated >= 0) {
            assertThat(block.excitationParameters(curated).get(0).gradient().norm2Number().doubleValue())
                    .as("a curated branch's excitation layer learns nothing").isZero();
        }
    }

    private static void compare(String what, INDArray x, INDArray analytic, DoubleSupplier loss) {
        INDArray a = analytic.reshape(analytic.length());
        for (long i = 0; i < x.length(); i++) {
            double original = x.getDouble(i);
            x.putScalar(i, original + H);
            double plus = loss.getAsDouble();
            x.putScalar(i, original - H);
            double minus = loss.getAsDouble();
            x.putScalar(i, original);
            double numeric = (plus - minus) / (2 * H);
            assertThat(a.getDouble(i)).as(what + " at " + i).isCloseTo(numeric, within(1e-6 + 1e-6 * Math.abs(numeric)));
        }
    }

    private static void close(String what, INDArray actual, INDArray expected) {
        assertThat(actual.shape()).as(what).containsExactly(expected.shape());
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(diff).as(what + " max |Java − numpy|").isLessThan(1e-6);
    }

    /** A nested JSON list as an array (ranks 2 to 4 occur in mmtm.json). */
    static INDArray array(JsonNode n) {
        int rank = 0;
        for (JsonNode c = n; c.isArray(); c = c.get(0)) {
            rank++;
        }
        return switch (rank) {
            case 2 -> Nd4j.createFromArray(JSON.convertValue(n, double[][].class));
            case 3 -> Nd4j.createFromArray(JSON.convertValue(n, double[][][].class));
            case 4 -> Nd4j.createFromArray(JSON.convertValue(n, double[][][][].class));
            default -> throw new IllegalArgumentException("rank " + rank);
        };
    }
}
