package redreg.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.nn.Param;
import redreg.fusion.internal.ConcatFusion;
import redreg.fusion.internal.FilmFusion;
import redreg.fusion.internal.GatedFusion;
import redreg.fusion.internal.MmCosineFusion;
import redreg.fusion.internal.SumFusion;

/** Central differences on loss = Σ logits ⊙ R against backward(R), for inputs and every parameter. */
class FusionGradientCheckTest {
    private static final double H = 1e-6;
    private static final double ABS = 1e-6;
    private static final double REL = 1e-6;

    static Stream<Arguments> cases() {
        var concat = new ConcatFusion.Provider();
        var sum = new SumFusion.Provider();
        var film = new FilmFusion.Provider();
        var gated = new GatedFusion.Provider();
        var cosine = new MmCosineFusion.Provider();
        return Stream.of(
                Arguments.of("concat", concat, null, 2), Arguments.of("concat", concat, null, 3),
                Arguments.of("sum", sum, null, 2), Arguments.of("sum", sum, null, 3),
                Arguments.of("film", film, null, 2), Arguments.of("film", film, null, 3),
                Arguments.of("film b→a", film, new FilmConfig("b", null), 3),
                Arguments.of("film c→b", film, new FilmConfig("c", "b"), 3),
                Arguments.of("gated", gated, null, 2), Arguments.of("gated", gated, null, 3),
                Arguments.of("gated by c, hidden 7", gated, new GatedConfig("c", 7), 3),
                Arguments.of("mmcosine", cosine, null, 2), Arguments.of("mmcosine s=15", cosine,
                        new MmCosineConfig(15), 3));
    }

    @ParameterizedTest(name = "{0}, {3} modalities")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(String label, redreg.api.FusionProvider<?> provider, Record config,
                                          int modalities) {
        Nd4j.getRandom().setSeed(42);
        FusionContext ctx = TestFusions.context(modalities, DataType.DOUBLE);
        Fusion fusion = TestFusions.create(provider, config, ctx);
        List<INDArray> z = TestFusions.features(ctx);
        INDArray r = Nd4j.rand(DataType.DOUBLE, TestFusions.BATCH, TestFusions.CLASSES).subi(0.5);

        fusion.forward(z, true);
        // Garbage in the buffers: backward must assign, not accumulate.
        fusion.parameters().forEach(p -> p.gradient().assign(123.0));
        List<INDArray> dz = fusion.backward(r);
        DoubleSupplier loss = () -> fusion.forward(z, true).mul(r).sumNumber().doubleValue();

        for (int m = 0; m < modalities; m++) {
            compare(label + " dz[" + m + "]", z.get(m), dz.get(m).dup(), loss);
        }
        for (Param p : fusion.parameters()) {
            compare(label + " " + p.name(), p.value(), p.gradient().dup(), loss);
        }
    }

    /** Perturbs every entry of {@code x} in place (restoring it) and compares with {@code analytic}. */
    private static void compare(String what, INDArray x, INDArray analytic, DoubleSupplier loss) {
        assertThat(analytic.shape()).as(what).containsExactly(x.shape());
        double largest = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.columns(); j++) {
                double original = x.getDouble(i, j);
                x.putScalar(i, j, original + H);
                double plus = loss.getAsDouble();
                x.putScalar(i, j, original - H);
                double minus = loss.getAsDouble();
                x.putScalar(i, j, original);
                double numeric = (plus - minus) / (2 * H);
                largest = Math.max(largest, Math.abs(numeric));
                assertThat(analytic.getDouble(i, j)).as(what + " at " + i + "," + j)
                        .isCloseTo(numeric, within(ABS + REL * Math.abs(numeric)));
            }
        }
        assertThat(largest).as(what + " is not trivially zero").isGreaterThan(1e-3);
    }
}
