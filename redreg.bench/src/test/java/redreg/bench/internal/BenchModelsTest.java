package redreg.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.experiment.Experiment;

/** The bench's three models keep torch_peer.py's shapes (../shared/bench/torch_peer.py, CONFIGS). */
class BenchModelsTest {

    @Test
    void modelsHaveThePeersShapesEncodersAndClasses() {
        Map<String, String> expected = new LinkedHashMap<>();
        // modality shapes, encoder kind/width/depth/featureSize, classes — as in torch_peer.py
        expected.put("avdigits", "audio[1, 32, 51] mlp/64/1/32 visual[1, 14, 14] cnn/8/3/32 classes 10");
        expected.put("heldout-cnn", "audio[1, 40, 61] cnn/32/2/32 visual[1, 16, 16] cnn/32/2/32 classes 10");
        expected.put("resnet-small", "audio[1, 128, 128] resnet18/64/-/512 visual[3, 64, 64] resnet18/64/-/512 classes 6");
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
            assertThat(exp.config().losses().unimodal()).as("heads on detached features, like the peer").isFalse();
        }
    }
}
