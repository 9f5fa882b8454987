package redreg.api.internal.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ConfigException;
import redreg.api.ModalitySpec;
import redreg.api.config.EncoderSpec;

/** A staged encoder with nothing between its stages is the un-staged encoder: same keys, values, outputs, gradients. */
class StagedEncoderTest {

    static Stream<Arguments> encoders() {
        return Stream.of(
                Arguments.of("cnn", new long[] {1, 8, 8}, new EncoderSpec("cnn", 2, 2, 5), 2),
                Arguments.of("resnet18", new long[] {2, 16, 16}, spec("resnet18", 4, "{\"width\": 2}"), 4),
                Arguments.of("mlp", new long[] {6}, new EncoderSpec("mlp", 4, 3, 5), 3),
                Arguments.of("sequence", new long[] {5, 3}, new EncoderSpec("sequence", 3, 2, 4), 2),
                Arguments.of("transformer", new long[] {5, 3}, spec("transformer", 4,
                        "{\"width\": 4, \"depth\": 2, \"heads\": 2, \"feedForward\": 6, \"dropout\": 0}"), 3));
    }

    static EncoderSpec spec(String kind, int featureSize, String options) {
        try {
            return new EncoderSpec(kind, featureSize, (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(options));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static redreg.api.ModalityEncoder encoder(ModalitySpec m, EncoderSpec spec) {
        return redreg.api.experiment.Registry.discover().modalityEncoder(m, spec);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoders")
    void stagedEqualsUnstaged(String kind, long[] shape, EncoderSpec spec, int stages) {
        ModalitySpec m = new ModalitySpec("x", shape);
        var encoder = encoder(m, spec);
        assertThat(encoder.kind()).isEqualTo(kind);
        EncoderNet plain = new EncoderNet("x", EncoderFactory.build(m, encoder, DataType.DOUBLE, 5), encoder);
        StagedEncoder staged = StagedEncoder.build(m, encoder, DataType.DOUBLE, 5);
        assertThat(staged.stages()).isEqualTo(stages);
        assertThat(staged.stageShapes()).hasSize(stages);
        assertThat(staged.parameterCount()).isEqualTo(plain.parameterCount());
        assertThat(staged.parameters().keySet()).containsExactlyElementsOf(plain.parameters().keySet());
        assertThat(staged.stateParameters().keySet()).containsExactlyElementsOf(plain.stateParameters().keySet());
        plain.parameters().forEach((k, v) -> assertThat(staged.parameters().get(k)).as(k).isEqualTo(v));

        Nd4j.getRandom().setSeed(3);
        long[] batchShape = new long[shape.length + 1];
        batchShape[0] = 3;
        System.arraycopy(shape, 0, batchShape, 1, shape.length);
        INDArray x = Nd4j.rand(DataType.DOUBLE, batchShape).subi(0.5);
        INDArray z = plain.forward(x, true);
        assertThat(staged.forward(x, true)).isEqualTo(z);
        assertThat(staged.encode(x, false)).isEqualTo(plain.encode(x, false));
        // Each stage's output has the advertised per-sample shape.
        INDArray map = x;
        for (int s = 0; s < staged.stages(); s++) {
            map = staged.forwardStage(s, map, true);
            assertThat(map.shape()).as("stage " + s).containsExactly(prepend(3, staged.stageShapes().get(s)));
        }

        INDArray dz = Nd4j.rand(DataType.DOUBLE, z.shape()).subi(0.5);
        plain.forward(x, true);
        plain.backward(dz);
        staged.forward(x, true);
        staged.backward(dz);
        assertThat(staged.gradients().keySet()).containsExactlyInAnyOrderElementsOf(plain.gradients().keySet());
        plain.gradients().forEach((k, g) -> {
            assertThat(g.norm2Number().doubleValue()).as(k + " is not trivially zero").isGreaterThan(0);
            assertThat(staged.gradients().get(k).equalsWithEps(g, 1e-12)).as(k).isTrue();
        });
        plain.stateGradients().forEach((k, g) -> assertThat(staged.stateGradients().get(k).equalsWithEps(g, 1e-12)).as(k).isTrue());
        // The gradient maps are views of the one flat buffer.
        double before = staged.flatGradient().sumNumber().doubleValue();
        staged.gradients().values().iterator().next().addi(1.0);
        assertThat(staged.flatGradient().sumNumber().doubleValue()).isNotEqualTo(before);
    }

    /**
     * Training workspaces only where DL4J survives them: float graphs with oneDNN's helpers. With them on, this
     * class's double-precision cases fail in DL4J's own batch-norm backward ("outdated workspace pointer").
     */
    @Test
    void trainingWorkspacesOnlyOnTheFloatPathWithOneDnnHelpers() {
        boolean helpers = "false".equals(System.getProperty("org.eclipse.deeplearning4j.helpers.disable"));
        assertThat(EncoderFactory.trainingWorkspaces(DataType.DOUBLE))
                .isEqualTo(org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
        assertThat(EncoderFactory.trainingWorkspaces(DataType.FLOAT)).isEqualTo(helpers
                ? org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED : org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
        ModalitySpec visual = new ModalitySpec("visual", new long[] {1, 8, 8});
        var encoder = redreg.api.experiment.Registry.discover().modalityEncoder(visual, new EncoderSpec("cnn", 4, 1, 8));
        assertThat(EncoderFactory.build(visual, encoder, DataType.DOUBLE, 1).getConfiguration()
                .getTrainingWorkspaceMode()).isEqualTo(org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
    }

    @Test
    void anMlpWithoutHiddenLayersHasNoStage() {
        ModalitySpec m = new ModalitySpec("v", new long[] {4});
        assertThatThrownBy(() -> StagedEncoder.build(m, encoder(m, new EncoderSpec("mlp", 4, 0, 3)), DataType.DOUBLE, 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("depth 0");
    }

    private static long[] prepend(long b, long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = b;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

}
