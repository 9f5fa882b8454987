package redreg.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.api.nn.Param;

class FusionShapeTest {

    static Stream<Arguments> cases() {
        return TestFusions.providers().stream().flatMap(p -> Stream.of(2, 3).flatMap(m ->
                Stream.of(DataType.DOUBLE, DataType.FLOAT).map(t -> Arguments.of(p.name(), p, m, t))));
    }

    @ParameterizedTest(name = "{0}, {2} modalities, {3}")
    @MethodSource("cases")
    void logitsAndGradientsHaveTheExpectedShapesAndType(String name, FusionProvider<?> provider, int modalities,
                                                        DataType type) {
        Nd4j.getRandom().setSeed(1);
        FusionContext ctx = TestFusions.context(modalities, type);
        Fusion fusion = TestFusions.create(provider, null, ctx);
        List<INDArray> z = TestFusions.features(ctx);

        INDArray logits = fusion.forward(z, true);
        assertThat(logits.shape()).containsExactly(TestFusions.BATCH, TestFusions.CLASSES);
        assertThat(logits.dataType()).isEqualTo(type);

        List<INDArray> dz = fusion.backward(Nd4j.ones(type, TestFusions.BATCH, TestFusions.CLASSES));
        assertThat(dz).hasSize(modalities);
        for (int m = 0; m < modalities; m++) {
            assertThat(dz.get(m).shape()).as("dz " + m).containsExactly(TestFusions.BATCH, ctx.featureSizes().get(m));
            assertThat(dz.get(m).dataType()).isEqualTo(type);
        }
        assertThat(fusion.parameters()).isNotEmpty();
        assertThat(fusion.parameters().stream().map(Param::name).distinct()).hasSize(fusion.parameters().size());
        for (Param p : fusion.parameters()) {
            assertThat(p.gradient().shape()).as(p.name()).containsExactly(p.value().shape());
            assertThat(p.value().dataType()).as(p.name()).isEqualTo(type);
        }
    }
}
