package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.DataPart;
import redreg.api.FeatureSet;
import redreg.api.LossWeights;
import redreg.api.ModelFork;
import redreg.api.ParameterSnapshot;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.api.experiment.RunResult;
import redreg.api.internal.engine.loop.TrainingRun;

/** Validation part, feature passes, parameter snapshots and blends, forks, and the probe plug-in end to end. */
class EpochBoundaryTest {
    @TempDir
    Path dir;

    private TrainingRun engine(String... overrides) {
        return OpenStepTest.engine(TinyExperiments.tiny(dir, overrides));
    }

    @Test
    void validationPartIsDisjointStratifiedAndFixedBySeed() {
        TrainingRun run = engine("training.validation=0.25");
        int[] val = run.partIndices(DataPart.VALIDATION);
        int[] train = run.partIndices(DataPart.TRAIN);
        Set<Integer> v = new HashSet<>();
        Arrays.stream(val).forEach(v::add);
        assertThat(Arrays.stream(train).noneMatch(v::contains)).as("disjoint from the training part").isTrue();
        assertThat(val.length + train.length).isEqualTo(run.task().train().size());
        int[] labels = run.task().train().labels();
        for (int k = 0; k < 3; k++) {
            int cls = k;
            long inClass = Arrays.stream(labels).filter(l -> l == cls).count();
            long held = Arrays.stream(val).filter(i -> labels[i] == cls).count();
            assertThat(held).as("class " + k).isEqualTo(Math.round(0.25 * inClass));
        }
        assertThat(engine("training.validation=0.25").partIndices(DataPart.VALIDATION)).isEqualTo(val);
        assertThat(engine("training.validation=0.25", "seed=4").partIndices(DataPart.VALIDATION)).isNotEqualTo(val);
        // never the test split: no validation sample's input appears among the test inputs
        INDArray valInputs = run.task().train().batch(val, false, null).inputs().get("visual");
        INDArray test = run.task().test().batch(IntStream.range(0, run.task().test().size()).toArray(), false, null)
                .inputs().get("visual");
        for (int i = 0; i < valInputs.rows(); i++) {
            for (int j = 0; j < test.rows(); j++) {
                assertThat(valInputs.getRow(i).equals(test.getRow(j))).isFalse();
            }
        }
        // without validation the training part is the whole split in order
        assertThat(engine().partIndices(DataPart.TRAIN)).isEqualTo(IntStream.range(0, labels.length).toArray());
    }

    @Test
    void featurePassesReturnEvalModeFeaturesOfASeededSample() {
        TrainingRun run = engine("training.validation=0.25");
        TrainingContext c = run.context();
        FeatureSet half = c.features(DataPart.TRAIN, 0.5, "s");
        assertThat(half.size()).isEqualTo((int) Math.ceil(0.5 * c.size(DataPart.TRAIN)));
        assertThat(c.features(DataPart.TRAIN, 0.5, "s").indices()).isEqualTo(half.indices());
        assertThat(c.features(DataPart.TRAIN, 0.5, "other").indices()).isNotEqualTo(half.indices());
        FeatureSet val = c.features(DataPart.VALIDATION, 1.0, "s");
        assertThat(val.size()).isEqualTo(c.size(DataPart.VALIDATION));
        // row i is the eval-mode encoding of sample indices[i]
        int[] global = run.partIndices(DataPart.VALIDATION);
        int[] rows = {global[val.indices()[0]], global[val.indices()[3]]};
        INDArray x = run.task().train().batch(rows, false, null).inputs().get("audio");
        INDArray z = run.model().encoder("audio").encode(x, false);
        assertThat(z.getRow(1).sub(val.features().get("audio").getRow(3)).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(val.labels()[3]).isEqualTo(run.task().train().labels()[rows[1]]);
    }

    @Test
    void blendIsExactAndRestoreGoesBack() {
        TrainingRun run = engine();
        TrainingContext c = run.context();
        ParameterSnapshot init = c.snapshot("visual");
        new redreg.bench.internal.StepBench(run).timeSteps(0, 3);
        Map<String, INDArray> moved = OpenStepTest.copy(c.parameters("visual"));
        double alpha = 0.3;
        c.blend(init, alpha);
        for (var e : c.parameters("visual").entrySet()) {
            double[] want = init.parameters().get(e.getKey()).dup().data().asDouble();
            double[] cur = moved.get(e.getKey()).data().asDouble();
            for (int i = 0; i < want.length; i++) {
                want[i] = alpha * want[i] + (1 - alpha) * cur[i];
            }
            assertThat(e.getValue().dup().data().asDouble()).as(e.getKey()).isEqualTo(want);
            assertThat(e.getValue().equals(moved.get(e.getKey()))).as("it moved").isFalse();
        }
        c.restore(init);
        c.parameters("visual").forEach((k, v) -> assertThat(v).isEqualTo(init.parameters().get(k)));
    }

    @Test
    void aForkTrainedAndDiscardedLeavesTheRunBitIdentical() {
        Regulator forking = new Regulator() {
            @Override
            public void onEpochStart(TrainingContext context) {
                try (ModelFork fork = context.fork()) {
                    LossWeights w = new LossWeights(1.0, Map.of("audio", 0.5));
                    double before = fork.loss(DataPart.TRAIN, w, Set.of());
                    fork.train(2, w, Set.of("visual"));
                    assertThat(fork.loss(DataPart.TRAIN, w, Set.of())).as("the fork did train").isNotEqualTo(before);
                }
            }

            @Override
            public void regulate(StepView step) {
            }
        };
        TrainingRun plain = engine("training.epochs=2");
        TrainingRun forked = OpenStepTest.engine(TinyExperiments.tiny(dir, "training.epochs=2"), forking);
        TrainingRun.Outcome a = plain.run();
        TrainingRun.Outcome b = forked.run();
        assertThat(b.finalMetrics()).isEqualTo(a.finalMetrics());
        assertThat(b.epochs().stream().map(e -> e.trainLoss()).toList())
                .isEqualTo(a.epochs().stream().map(e -> e.trainLoss()).toList());
        for (String m : List.of("audio", "visual")) {
            plain.model().encoder(m).parameters().forEach((k, v) ->
                    assertThat(forked.model().encoder(m).parameters().get(k)).as(m + "/" + k).isEqualTo(v));
        }
    }

    @Test
    void forkStartsFromTheRunsWeights() {
        TrainingRun run = engine();
        new redreg.bench.internal.StepBench(run).timeSteps(0, 2);
        LossWeights fusedOnly = new LossWeights(1.0, Map.of());
        try (ModelFork fork = run.context().fork()) {
            double forkLoss = fork.loss(DataPart.TRAIN, fusedOnly, Set.of());
            // the same mean eval-mode CE computed on the run's own model
            var all = IntStream.range(0, run.task().train().size()).toArray();
            var b = run.task().train().batch(all, false, null);
            double direct = OpenStepTest.ce(run.model().predict(b.inputs()).get("fused"), b.labels());
            assertThat(forkLoss).isCloseTo(direct, org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    @Test
    void probePluginUsesEveryCapabilityThroughThePublicSpi() {
        CapabilityProbe probe = new CapabilityProbe();
        var e = TinyExperiments.tiny(dir, "training.epochs=2", "training.validation=0.25", "training.select=best-val");
        TrainingRun run = new TrainingRun(e.runSpec(List.of()).withRegulators(List.of(probe)));
        TrainingRun.Outcome out = run.run();
        assertThat(out.diverged()).isNull();
        assertThat(probe.partSumErrors).isNotEmpty().allSatisfy(err -> assertThat(err).isLessThan(1e-12));
        assertThat(probe.log).contains("parts.audio=fused+probe", "parts.visual=fused+unimodal", "epochEnd1");
        assertThat(probe.trainFeatures).hasSize(2);
        assertThat(probe.validationFeatures.get(0).size()).isEqualTo(run.context().size(DataPart.VALIDATION));
        assertThat(probe.forkLosses).hasSize(2).allSatisfy(l -> assertThat(l[1]).isNotEqualTo(l[0]));
        assertThat(out.finalMetrics()).containsKeys("accuracy", "val.accuracy", "val.macroF1");
        // best-val: the reported epoch is the one of the best validation accuracy
        double best = out.epochs().stream().mapToDouble(m -> m.metrics().get("val.accuracy")).max().orElseThrow();
        assertThat(out.epochs().get(out.selectedEpoch()).metrics().get("val.accuracy")).isEqualTo(best);
    }

    @Test
    void runFolderRecordsValidationMetricsAndTheSelectedEpoch() throws Exception {
        RunResult r = TinyExperiments.tiny(dir, "training.epochs=2", "training.validation=0.25").run(
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        String metrics = java.nio.file.Files.readString(r.runDir().resolve("metrics.csv"));
        assertThat(metrics.lines().findFirst().orElseThrow()).contains("val.accuracy");
        assertThat(metrics.lines().count()).isEqualTo(3);
        assertThat(java.nio.file.Files.readString(r.runDir().resolve("result.json"))).contains("\"selectedEpoch\" : 1");
        assertThat(java.nio.file.Files.readString(r.runDir().resolve("diagnostics.csv")).lines().count())
                .isEqualTo(1 + 2 * 3);
    }

    @Test
    void aRegulatorThatRejectsTheRunLeavesNoRunFolder() throws Exception {
        for (String[] o : new String[][] {{"regulator.name=greedy"}, {"regulator.name=drbml"}}) {
            var e = TinyExperiments.tiny(dir, o);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.run(
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                    .isInstanceOf(redreg.api.ConfigException.class);
            assertThat(java.nio.file.Files.exists(e.runDir())).as(o[0]).isFalse();
        }
    }

    @Test
    void perEpochDiagnosticsOfPlugInsLandInMetricsCsv() throws Exception {
        RunResult r = TinyExperiments.tiny(dir, "regulator.name=drbml", "regulator.reinitEpoch=1", "training.epochs=3",
                "training.validation=0.25").run(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        List<String> lines = java.nio.file.Files.readAllLines(r.runDir().resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).contains("relearning.alpha.audio", "relearning.alpha.visual", "relearning.purityVal.audio");
        int col = header.indexOf("relearning.alpha.audio");
        assertThat(lines.get(1).split(",", -1)[col]).as("epoch 0: no re-init yet").isEmpty();
        double alpha = Double.parseDouble(lines.get(2).split(",", -1)[col]);
        assertThat(alpha).isBetween(0.0, 1.0);
        assertThat(r.epochs().get(1).metrics()).containsKey("relearning.alpha.visual");
    }
}
