package redreg.example.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redreg.api.ConfigException;
import redreg.api.EncoderProvider;
import redreg.api.RegulatorProvider;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.Registry;
import redreg.api.experiment.RunResult;

/**
 * The example encoder as a user would run it: found by ServiceLoader beside the built-in encoders, its keys bound
 * from YAML, and trained with every discovered regulator (per-part gradients, eval-mode passes, forks, snapshots
 * and blends of the regulators that use them; Greedy through the staged passes of the mmtm mid-fusion).
 */
class LstmEncoderTest {
    private static final String YAML = """
            name: lstm-grid
            task:
              name: synthetic
              trainSize: 192
              testSize: 96
              modalities: [{name: audio, shape: [6, 4], signal: 4.0}, {name: visual, shape: [8], signal: 2.0}]
            model:
              encoder: {kind: mlp, width: 8, depth: 1, featureSize: 8}
              encoders: {audio: {kind: lstm, units: 8, layers: 2}}
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
            training: {epochs: 3, batchSize: 32, probeEvery: 2}
            output: {progress: false}
            """;
    /** What a regulator needs to run in a 3-epoch grid (others run at their defaults). */
    private static final Map<String, List<String>> NEEDS = Map.ofEntries(
            Map.entry("redreg", List.of("regulator.warmupEpochs=0")),
            Map.entry("drbml", List.of("regulator.reinitEpoch=1", "training.validation=0.1")),
            Map.entry("relearning", List.of("regulator.reinitEpoch=1", "training.validation=0.1")),
            Map.entry("g-blending", List.of("regulator.superEpoch=2", "regulator.estimationEpochs=1",
                    "training.validation=0.1")),
            Map.entry("valuation", List.of("regulator.warmupEpochs=1")),
            Map.entry("ogm-tpami", List.of("regulator.startEpoch=1")),
            Map.entry("umt", List.of("regulator.teacherEpochs=2")),
            Map.entry("linear-probe", List.of("regulator.probeEpochs=1")),
            Map.entry("mla", List.of("fusion.name=shared-head")),
            Map.entry("greedy", List.of("fusion.name=mmtm")));

    @TempDir
    Path dir;

    @Test
    void foundByServiceLoaderBesideTheBuiltInEncoders() {
        Registry registry = Registry.discover();
        EncoderProvider<?> lstm = registry.encoder("lstm", "test");
        assertThat(lstm.getClass().getModule().getName()).isEqualTo("redreg.example.lstm");
        assertThat(registry.encoders().stream().map(EncoderProvider::name)).contains("cnn", "mlp", "transformer");
        Experiment e = Experiment.fromYaml(YAML, dir);
        var encoders = e.encoders(e.createTask());
        assertThat(encoders.get("audio").kind()).isEqualTo("lstm");
        assertThat(encoders.get("audio").config()).isEqualTo(new LstmConfig(8, 2));
        assertThat(encoders.get("visual").kind()).isEqualTo("mlp");
    }

    @Test
    void badKeysFailWithOneLine() {
        assertThatThrownBy(() -> Experiment.fromYaml(YAML, dir, "model.encoders.audio.width=3"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("override 'model.encoders.audio.width=3': model.encoders.audio.width: unknown key;"
                        + " valid keys: units, layers");
        assertThatThrownBy(() -> Experiment.fromYaml(YAML, dir, "model.encoders.audio.layers=0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.encoders.audio.layers");
        Experiment flat = Experiment.fromYaml(YAML, dir, "model.encoders.visual.kind=lstm");
        assertThatThrownBy(() -> flat.encoders(flat.createTask())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'lstm' needs inputs of rank 2 but modality visual[8] has rank 1");
    }

    static List<String> regulators() {
        List<String> out = new ArrayList<>();
        for (RegulatorProvider<?> p : Registry.discover().regulators()) {
            out.add(p.name());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regulators")
    void trainsWithEveryRegulator(String regulator) {
        List<String> o = new ArrayList<>(List.of("regulator.name=" + regulator, "output.dir=" + dir));
        o.addAll(NEEDS.getOrDefault(regulator, List.of()));
        RunResult r = Experiment.fromYaml(YAML, dir, o.toArray(String[]::new))
                .run(new PrintStream(OutputStream.nullOutputStream()));
        r.epochs().forEach(e -> assertThat(e.trainLoss()).as(regulator).isFinite());
        // chance is 0.25: the lstm-encoded audio carries the strongest signal
        assertThat(Math.max(r.accuracy(), r.modalityAccuracy("audio"))).as(regulator).isGreaterThan(0.4);
    }
}
