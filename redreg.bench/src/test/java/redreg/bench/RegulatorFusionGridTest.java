package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redreg.api.EpochMetrics;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/**
 * Every regulator (variants and ablations too) trains with every fusion, with two and three modalities.
 */
class RegulatorFusionGridTest {
    private static final String YAML = """
            name: grid
            task:
              name: synthetic
              trainSize: 256
              testSize: 128
            model:
              encoder: {kind: auto, width: 16, depth: 1, featureSize: 16}
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
            training: {epochs: 3, batchSize: 32, diagnostics: true, probeEvery: 2}
            output: {progress: false}
            """;
    private static final String THREE = "task.modalities=[{name: audio, shape: [16], signal: 4.0},"
            + " {name: visual, shape: [16], signal: 2.0}, {name: text, shape: [16], signal: 1.5}]";

    static List<org.junit.jupiter.params.provider.Arguments> grid() {
        String[][] regulators = {
            {"regulator.name=joint"},
            {"regulator.name=ogm-ge"},
            {"regulator.name=ogm-ge", "regulator.ge=false", "regulator.parameters=conv"},
            {"regulator.name=inforeg"},
            {"regulator.name=inforeg", "regulator.variant=reference-code"},
            {"regulator.name=redreg", "regulator.warmupEpochs=0"},
            {"regulator.name=redreg", "regulator.variant=reference-code"},
            {"regulator.name=redreg", "regulator.warmupEpochs=0", "regulator.monitor=false"},
            {"regulator.name=redreg", "regulator.warmupEpochs=0", "regulator.gate=false"},
            {"regulator.name=redreg", "regulator.warmupEpochs=0", "losses.unimodal=true"},
            {"regulator.name=pmr"},
            {"regulator.name=agm"},
            {"regulator.name=mmpareto"},
            {"regulator.name=drbml", "regulator.reinitEpoch=1", "training.validation=0.1"},
            {"regulator.name=g-blending", "regulator.superEpoch=2", "regulator.estimationEpochs=1",
                "training.validation=0.1"},
            // issue 21 (methods2)
            {"regulator.name=valuation", "regulator.warmupEpochs=1"},
        };
        List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
        for (String fusion : new String[] {"concat", "sum", "film", "gated"}) {
            for (String[] r : regulators) {
                List<String> o = new ArrayList<>(List.of(r));
                o.add("fusion.name=" + fusion);
                out.add(org.junit.jupiter.params.provider.Arguments.of(String.join(" ", o)));
            }
        }
        for (String[] r : regulators) {
            List<String> o = new ArrayList<>(List.of(r));
            o.add(THREE);
            out.add(org.junit.jupiter.params.provider.Arguments.of(String.join(" ", o)));
        }
        return out;
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void trainsWithoutNaNAndBeatsChance(String joined) {
        String[] overrides = joined.split(" (?=[A-Za-z.]+=)");
        List<String> o = new ArrayList<>(List.of(overrides));
        o.add("output.dir=" + dir);
        RunResult r = Experiment.fromYaml(YAML, dir, o.toArray(String[]::new))
                .run(new PrintStream(OutputStream.nullOutputStream()));
        for (EpochMetrics e : r.epochs()) {
            assertThat(e.trainLoss()).as(String.join(" ", overrides)).isFinite();
        }
        // chance is 0.25; gated fusion learns slowest in 3 short epochs (about 0.5). G-Blending may send almost
        // all of the loss to one head after so short an estimation (w ∝ ΔG/ΔO²): its best head must learn.
        double accuracy = r.accuracy();
        if (joined.contains("g-blending")) {
            for (String m : List.of("audio", "visual")) {
                accuracy = Math.max(accuracy, r.modalityAccuracy(m));
            }
        }
        assertThat(accuracy).as(String.join(" ", overrides)).isGreaterThan(0.4);
    }
}
