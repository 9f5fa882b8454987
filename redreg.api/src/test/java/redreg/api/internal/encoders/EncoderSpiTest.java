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
}
