package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redreg.api.EpochMetrics;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/** Every regulator trains with the mmtm mid-fusion (staged encoders) as it does with late fusion. */
class MidFusionRegulatorsTest {
    private static final String YAML = """
            name: mid
            task: {name: synthetic, trainSize: 256, testSize: 128}
            fusion: mmtm
            model:
              encoder: {kind: auto, width: 16, depth: 2, featureSize: 16}
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
            training: {epochs: 3, batchSize: 32, diagnostics: true, probeEvery: 2}
            output: {progress: false}
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"regulator.name=joint", "regulator.name=ogm-ge", "regulator.name=inforeg",
        "regulator.name=inforeg regulator.variant=reference-code", "regulator.name=redreg regulator.warmupEpochs=0",
        "regulator.name=redreg regulator.warmupEpochs=0 losses.unimodal=true",
        "regulator.name=greedy regulator.startingEpoch=1"})
    void trainsWithoutNaNAndBeatsChance(String joined) {
        List<String> o = new ArrayList<>(List.of(joined.split(" ")));
        o.add("output.dir=" + dir);
        RunResult r = Experiment.fromYaml(YAML, dir, o.toArray(String[]::new))
                .run(new PrintStream(OutputStream.nullOutputStream()));
        for (EpochMetrics e : r.epochs()) {
            assertThat(e.trainLoss()).as(joined).isFinite();
        }
        assertThat(r.accuracy()).as(joined).isGreaterThan(0.4);
    }
}
