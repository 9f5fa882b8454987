package redreg.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redreg.api.experiment.Experiment;
import redreg.api.internal.engine.loop.TrainingRun;

/** {@code bench --ops}: every layer kind of the peer's av-digits model is timed, on both sides under the same names. */
class BenchOpsTest {

    @Test
    void everyLayerOfTheEncodersIsTimedByKind() {
        BenchModels.Model avdigits = BenchModels.MODELS.get(0);
        Experiment exp = Experiment.fromYaml(avdigits.yaml(), Path.of("").toAbsolutePath());
        TrainingRun run = Bench.engine(exp).run();
        Map<String, BenchOps.Cost> costs = BenchOps.redreg(run, 2, 2);
        // mlp: fc0 + z; cnn depth 3: three conv/bn/relu, two pools (14→7→3; 3 is too small), gap, z
        assertThat(costs.keySet()).containsExactly("dense", "conv", "batchnorm", "relu", "maxpool", "avgpool", "loss",
                "sgd update");
        assertThat(costs.get("dense").count()).isEqualTo(3);
        assertThat(costs.get("conv").count()).isEqualTo(3);
        assertThat(costs.get("maxpool").count()).isEqualTo(2);
        costs.forEach((k, c) -> assertThat(c.forward()).as(k).isPositive());
        assertThat(costs.get("conv").backward()).isPositive();
    }

    @Test
    void thePeerTimesTheSameKinds() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<String, double[]> peer = BenchOps.torch("avdigits", 2, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Assumptions.assumeTrue(!peer.isEmpty(), "no torch for /usr/bin/python3: " + bytes);
        assertThat(peer.keySet()).containsAll(List.of("dense", "conv", "batchnorm", "relu", "maxpool", "avgpool", "loss",
                "sgd update"));
    }
}
