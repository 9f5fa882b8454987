package redreg.api.internal.encoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redreg.api.ConfigException;
import redreg.api.EncoderProvider;
import redreg.api.ModalitySpec;
import redreg.api.config.EncoderSpec;
import redreg.api.experiment.Registry;

/** Every encoder comes through the SPI: the engine and the facade name none of them. */
class EncoderSpiTest {
    private static final List<String> NAMES = List.of("\"cnn\"", "\"resnet18\"", "\"mlp\"", "\"sequence\"",
            "\"transformer\"", "CnnEncoder", "ResNet18Encoder", "MlpEncoder", "SequenceEncoder", "TransformerEncoder",
            "internal.encoders", "ConvolutionLayer", "Convolution1DLayer", "SubsamplingLayer", "GlobalPoolingLayer");

    @Test
    void theEngineAndTheFacadeNameNoEncoder() throws Exception {
        List<Path> sources = new ArrayList<>();
        for (String dir : List.of("src/main/java/redreg/api/internal/engine", "src/main/java/redreg/api/experiment",
                "src/main/java/redreg/api/config")) {
            try (var files = Files.walk(Path.of(dir))) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        assertThat(sources).as("the engine's sources are found").hasSizeGreaterThan(30);
        List<String> found = new ArrayList<>();
        for (Path p : sources) {
            if (p.getFileName().toString().endsWith("EncoderConfig.java")) {
                continue; // the built-in encoders' own config records live in redreg.api.config
            }
            String text = Files.readString(p);
            for (String name : NAMES) {
                if (text.contains(name)) {
                    found.add(p + ": " + name);
                }
            }
        }
        assertThat(found).as("encoder names in the engine (they belong to EncoderProvider plug-ins)").isEmpty();
    }

    @Test
    void theBuiltInKindsAreProvidersAndAutoChoosesByRank() {
        Registry r = Registry.discover();
        assertThat(r.encoders().stream().map(EncoderProvider::name))
                .contains("cnn", "resnet18", "mlp", "sequence", "transformer");
        assertThat(r.modalityEncoder(new ModalitySpec("v", new long[] {1, 8, 8}), EncoderSpec.defaults()).kind())
                .isEqualTo("cnn");
        assertThat(r.modalityEncoder(new ModalitySpec("s", new long[] {5, 3}), EncoderSpec.defaults()).kind())
                .isEqualTo("sequence");
        assertThat(r.modalityEncoder(new ModalitySpec("x", new long[] {7}), EncoderSpec.defaults()).kind())
                .isEqualTo("mlp");
        assertThatThrownBy(() -> r.modalityEncoder(new ModalitySpec("x", new long[] {7}),
                new EncoderSpec("transformer", 4, 1, 8))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'transformer' needs inputs of rank 2 but modality x[7] has rank 1");
        assertThatThrownBy(() -> r.modalityEncoder(new ModalitySpec("x", new long[] {7}),
                new EncoderSpec("mlp", 16, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("heads", 2)))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("heads: unknown key; valid keys: width, depth");
    }

    /** A minimal outside encoder: one convolution, batch norm taken directly or through the graph, no stages. */
    record Probe(String name, boolean directNorm) implements EncoderProvider<redreg.api.config.CnnEncoderConfig> {
        @Override
        public String description() {
            return "test encoder";
        }

        @Override
        public Class<redreg.api.config.CnnEncoderConfig> configType() {
            return redreg.api.config.CnnEncoderConfig.class;
        }

        @Override
        public redreg.api.config.CnnEncoderConfig defaults() {
            return redreg.api.config.CnnEncoderConfig.defaults();
        }

        @Override
        public java.util.Set<Integer> ranks() {
            return java.util.Set.of(3);
        }

        @Override
        public org.deeplearning4j.nn.conf.inputs.InputType inputType(long[] s, redreg.api.config.CnnEncoderConfig c) {
            return org.deeplearning4j.nn.conf.inputs.InputType.convolutional(s[1], s[2], s[0]);
        }

        @Override
        public String addLayers(redreg.api.nn.EncoderGraph g, String input, long[] s,
                                redreg.api.config.CnnEncoderConfig c) {
            String x = g.layer("conv0", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3)
                    .nOut(2).build(), input);
            x = g.layer("bn0", directNorm ? new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().build()
                    : g.batchNorm(), x);
            return g.layer("gap", new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder().build(), x);
        }
    }

    /** A plug-in encoder that breaks a rule the engine relies on gets one line naming what is missing. */
    @Test
    void whatAPlugInLacksIsNamedInOneLine() {
        ModalitySpec m = new ModalitySpec("v", new long[] {1, 6, 6});
        Probe direct = new Probe("direct-bn", true);
        var encoder = new redreg.api.ModalityEncoder(direct, direct.defaults(), 4);
        assertThatThrownBy(() -> redreg.api.internal.engine.model.EncoderFactory.build(m, encoder,
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1)).isInstanceOf(ConfigException.class)
                .hasMessage("model.encoder.kind: encoder 'direct-bn' adds BatchNormalization directly; take it from"
                        + " EncoderGraph.batchNorm() so eval-mode passes back-propagate (modality v)");
        Probe flat = new Probe("no-stages", false);
        var unstaged = new redreg.api.ModalityEncoder(flat, flat.defaults(), 4);
        assertThat(redreg.api.internal.engine.model.EncoderFactory.build(m, unstaged,
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1).numParams()).isGreaterThan(0);
        assertThatThrownBy(() -> redreg.api.internal.engine.model.StagedEncoder.build(m, unstaged,
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1)).isInstanceOf(ConfigException.class)
                .hasMessage("model.encoder.kind: encoder 'no-stages' (modality v) declares no stages"
                        + " (EncoderProvider.stageOf); a mid-fusion needs them");
    }
}
