package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Batch;
import redreg.api.DataSplit;
import redreg.api.LossControl;
import redreg.api.LossWeights;
import redreg.api.ModelFork;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.api.internal.engine.loop.TrainingRun;
import redreg.api.internal.engine.model.Losses;
import redreg.api.internal.engine.model.MultimodalModel;
import redreg.api.nn.Param;

/**
 * The open step's controls of issue 21, on a real (double-precision, batch-norm) model: per-sample feature scales and
 * sample weights of the fused loss (finite differences), the test-time fusion rule, frozen encoders, the fusion reset
 * and a fork's encoding.
 */
class StepControlsTest {
    @TempDir
    Path dir;

    @Test
    void scaledFeaturesAndSampleWeightsGiveTheGradientOfTheirLoss() {
        checkScaledStep(false);
    }

    /** A [B, d] scale (one factor per feature entry, AMCo's masks) on audio, per-sample on visual. */
    @Test
    void entrywiseFeatureScalesGiveTheGradientOfTheirLoss() {
        checkScaledStep(true);
    }

    private void checkScaledStep(boolean entrywise) {
        List<String> failures = new ArrayList<>();
        double[] checkedLoss = new double[2];
        int[] checked = {0};
        Regulator probe = new Regulator() {
            INDArray sa;
            INDArray sv;
            INDArray w;

            @Override
            public void shapeLoss(LossControl loss) {
                int b = loss.batchSize();
                sa = Nd4j.createFromArray(java.util.stream.IntStream.range(0, b).mapToDouble(i -> i % 3 == 0 ? 0 : 1.7)
                        .toArray());
                if (entrywise) {
                    long d = loss.modality("audio").features().size(1);
                    sa = Nd4j.zeros(DataType.DOUBLE, b, d);
                    for (int i = 0; i < b; i++) {
                        for (int j = 0; j < d; j++) {
                            sa.putScalar(i, j, (i + 2 * j) % 3 == 0 ? 0 : 1.7 + 0.1 * j);
                        }
                    }
                }
                sv = Nd4j.createFromArray(java.util.stream.IntStream.range(0, b).mapToDouble(i -> i % 4 == 1 ? 0 : 0.6)
                        .toArray());
                w = Nd4j.createFromArray(java.util.stream.IntStream.range(0, b).mapToDouble(i -> i % 5 == 2 ? 0 : 1.25)
                        .toArray());
                loss.scaleFeatures("audio", sa);
                loss.scaleFeatures("visual", sv);
                loss.setSampleWeights(w);
            }

            @Override
            public void regulate(StepView step) {
                if (checked[0]++ > 0) {
                    return;
                }
                INDArray xa = step.modality("audio").input();
                INDArray xv = step.modality("visual").input();
                int[] y = step.labels();
                checkedLoss[0] = step.loss();
                checkedLoss[1] = scaledLoss(run.model(), xa, xv, sa, sv, w, y);
                List<Object[]> entries = new ArrayList<>();
                for (String name : List.of("conv0_W", "bn0_gamma", "z_W")) {
                    entries.add(new Object[] {step.modality("audio").parameters().get(name),
                        step.modality("audio").gradients().get(name), "audio." + name});
                }
                for (String name : List.of("fc0_W", "z_b")) {
                    entries.add(new Object[] {step.modality("visual").parameters().get(name),
                        step.modality("visual").gradients().get(name), "visual." + name});
                }
                Param head = run.model().fusion().parameters().get(0);
                entries.add(new Object[] {head.value(), head.gradient(), head.name()});
                for (Object[] e : entries) {
                    INDArray p = (INDArray) e[0];
                    INDArray g = (INDArray) e[1];
                    for (long i : new long[] {0, p.length() / 2, p.length() - 1}) {
                        double original = p.getDouble(i);
                        p.putScalar(i, original + 1e-6);
                        double plus = scaledLoss(run.model(), xa, xv, sa, sv, w, y);
                        p.putScalar(i, original - 1e-6);
                        double minus = scaledLoss(run.model(), xa, xv, sa, sv, w, y);
                        p.putScalar(i, original);
                        double numeric = (plus - minus) / 2e-6;
                        double analytic = g.getDouble(i);
                        if (Math.abs(analytic - numeric) > 1e-7 + 1e-5 * Math.abs(numeric)) {
                            failures.add(e[2] + "[" + i + "]: backward " + analytic + ", finite differences " + numeric);
                        }
                    }
                }
            }
        };
        run = new TrainingRun(TinyExperiments.tiny(dir).runSpec(List.of()).withRegulators(List.of(probe)));
        run.run();
        assertThat(checked[0]).isPositive();
        assertThat(checkedLoss[0]).as("the step's loss is the weighted, scaled fused CE").isCloseTo(checkedLoss[1],
                within(1e-10));
        assertThat(failures).isEmpty();
    }

    private TrainingRun run;

    /** (1/B)·Σ_i w_i·CE(fusion([s_a ⊙ z_a; s_v ⊙ z_v]))_i, train mode, computed from scratch. */
    private static double scaledLoss(MultimodalModel model, INDArray xa, INDArray xv, INDArray sa, INDArray sv,
                                     INDArray w, int[] y) {
        INDArray za = scaled(model.encoder("audio").encode(xa, true), sa);
        INDArray zv = scaled(model.encoder("visual").encode(xv, true), sv);
        INDArray p = Losses.softmax(model.fusion().forward(List.of(za, zv), true));
        return Losses.crossEntropy(p, y, w);
    }

    private static INDArray scaled(INDArray z, INDArray s) {
        return s.rank() == 2 ? z.mul(s.castTo(z.dataType())) : z.mulColumnVector(s.reshape(-1, 1).castTo(z.dataType()));
    }

    @Test
    void theTestTimeRuleDecidesTheFusedMetrics() {
        Regulator headsOnly = new Regulator() {
            @Override
            public void regulate(StepView step) {
            }

            @Override
            public INDArray evaluationLogits(INDArray fused, Map<String, INDArray> heads) {
                return heads.get("visual");
            }
        };
        run = new TrainingRun(TinyExperiments.tiny(dir).runSpec(List.of()).withRegulators(List.of(headsOnly)));
        run.run();
        Map<String, Double> m = run.evaluate(run.task().test());
        assertThat(m.get("accuracy")).isEqualTo(m.get("accuracy.visual"));
        assertThat(m.get("accuracy")).isNotEqualTo(accuracyOfTheFusedHead(run));
    }

    private static double accuracyOfTheFusedHead(TrainingRun run) {
        DataSplit test = run.task().test();
        int[] idx = java.util.stream.IntStream.range(0, test.size()).toArray();
        Batch b = test.batch(idx, false, null);
        INDArray logits = run.model().predict(b.inputs()).get("fused");
        int right = 0;
        for (int i = 0; i < idx.length; i++) {
            right += Nd4j.argMax(logits.getRow(i)).getInt(0) == b.labels()[i] ? 1 : 0;
        }
        return (double) right / idx.length;
    }

    @Test
    void aFrozenEncoderStaysAndTheResetFusionStartsAgain() {
        Map<String, INDArray> atFreeze = new LinkedHashMap<>();
        List<INDArray> initialFusion = new ArrayList<>();
        List<INDArray> afterReset = new ArrayList<>();
        Regulator freezer = new Regulator() {
            @Override
            public void onTrainStart(TrainingContext ctx) {
                ctx.fusion().parameters().forEach(p -> initialFusion.add(p.value().dup()));
            }

            @Override
            public void onEpochStart(TrainingContext ctx) {
                if (ctx.epoch() == 1) {
                    ctx.parameters("audio").forEach((k, v) -> atFreeze.put(k, v.dup()));
                    ctx.freeze("audio");
                    ctx.resetFusion();
                    ctx.fusion().parameters().forEach(p -> afterReset.add(p.value().dup()));
                }
            }

            @Override
            public void regulate(StepView step) {
            }
        };
        run = new TrainingRun(TinyExperiments.tiny(dir, "training.epochs=2", "optimizer.momentum=0.9",
                "optimizer.weightDecay=0.01").runSpec(List.of()).withRegulators(List.of(freezer)));
        Map<String, INDArray> visualStart = new LinkedHashMap<>();
        run.context().parameters("visual").forEach((k, v) -> visualStart.put(k, v.dup()));
        run.run();
        atFreeze.forEach((k, v) -> assertThat(run.context().parameters("audio").get(k).equalsWithEps(v, 0))
                .as("audio " + k + " frozen").isTrue());
        assertThat(visualStart.entrySet().stream().anyMatch(e -> !run.context().parameters("visual").get(e.getKey())
                .equalsWithEps(e.getValue(), 1e-12))).as("visual trains on").isTrue();
        for (int i = 0; i < initialFusion.size(); i++) {
            assertThat(afterReset.get(i).equalsWithEps(initialFusion.get(i), 0)).as("fusion reset to its start").isTrue();
        }
        assertThat(run.model().fusion().parameters().get(0).value().equalsWithEps(initialFusion.get(0), 1e-9))
                .as("the new head trains").isFalse();
    }

    @Test
    void aForkEncodesWithItsOwnEncoder() {
        INDArray[] seen = new INDArray[3];
        Regulator teacher = new Regulator() {
            ModelFork fresh;
            ModelFork trained;

            @Override
            public void onTrainStart(TrainingContext ctx) {
                fresh = ctx.fork();
                trained = ctx.fork();
                trained.train(1, new LossWeights(0, Map.of("audio", 0.0, "visual", 1.0)), java.util.Set.of("audio"));
            }

            @Override
            public void shapeLoss(LossControl loss) {
                // Encoding with a fork inside the step leaves the step intact (the run's backward follows).
                if (seen[0] == null) {
                    INDArray x = loss.modality("visual").input();
                    seen[0] = fresh.encode("visual", x);
                    seen[2] = trained.encode("visual", x);
                }
            }

            @Override
            public void regulate(StepView step) {
                if (seen[1] == null) {   // after backward, before the first update: the model as forked
                    seen[1] = step.modality("visual").encode(step.modality("visual").input(), false);
                }
            }
        };
        run = new TrainingRun(TinyExperiments.tiny(dir).runSpec(List.of()).withRegulators(List.of(teacher)));
        run.run();
        assertThat(seen[0].equalsWithEps(seen[1], 1e-12)).as("a fresh fork is the model").isTrue();
        assertThat(seen[2].equalsWithEps(seen[0], 1e-6)).as("the trained fork has moved").isFalse();
        assertThat(seen[2].dataType()).isEqualTo(DataType.DOUBLE);
    }
}
