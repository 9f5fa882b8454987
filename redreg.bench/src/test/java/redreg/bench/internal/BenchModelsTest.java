package redreg.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.experiment.Experiment;

/** The bench's models keep torch_peer.py's shapes (redreg.bench/peer/torch_peer.py, CONFIGS). */
class BenchModelsTest {

    @Test
    void modelsHaveThePeersShapesEncodersAndClasses() throws java.io.IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        // modality shapes, encoder kind/width/depth/featureSize, classes — as in torch_peer.py
        expected.put("avdigits", "audio[1, 32, 51] mlp/64/1/32 visual[1, 14, 14] cnn/8/3/32 classes 10");
        expected.put("heldout-cnn", "audio[1, 40, 61] cnn/32/2/32 visual[1, 16, 16] cnn/32/2/32 classes 10");
        expected.put("resnet-small", "audio[1, 128, 128] resnet18/64/-/512 visual[3, 64, 64] resnet18/64/-/512 classes 6");
        expected.put("mosi-transformer", "text[50, 300] transformer/64/2/64 audio[50, 74] transformer/64/2/64"
                + " vision[50, 35] transformer/64/2/64 classes 2");
        for (var model : BenchModels.MODELS) {
            Experiment exp = Experiment.fromYaml(model.yaml(), Path.of("").toAbsolutePath());
            Task task = exp.createTask();
            var specs = exp.encoderSpecs(task);
            StringBuilder sb = new StringBuilder();
            for (ModalitySpec m : task.modalities()) {
                var e = specs.get(m.name());
                String depth = e.kind().equals("resnet18") ? "-" : e.options().get("depth").asText(); // no depth key
                sb.append(m.name()).append(java.util.Arrays.toString(m.shape())).append(' ').append(e.kind())
                        .append('/').append(e.options().get("width").asText()).append('/').append(depth).append('/').append(e.featureSize())
                        .append(' ');
            }
            sb.append("classes ").append(task.classes().size());
            assertThat(sb.toString()).as(model.name()).isEqualTo(expected.get(model.name()));
            if (model.name().equals("mosi-transformer")) {
                // the peer's Transformer: width 64, 2 blocks, 4 heads, feed-forward 128, dropout 0.1, features 64
                assertThat(java.nio.file.Files.readString(Path.of("peer/torch_peer.py")))
                        .contains("transformer(50, D, 64, 2, 4, 128, 0.1, 64))) for D in (300, 74, 35)");
                assertThat(exp.encoders(task).get("text").config().toString())
                        .isEqualTo("TransformerEncoderConfig[width=64, depth=2, heads=4, feedForward=128, dropout=0.1,"
                                + " positions=SINUSOIDAL, pooling=MEAN]");
            }
            assertThat(exp.config().losses().unimodal()).as("heads on detached features, like the peer").isFalse();
        }
    }
}
