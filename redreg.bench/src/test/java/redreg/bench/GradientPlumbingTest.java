package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Batch;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.experiment.Experiment;
import redreg.api.internal.engine.loop.TrainingRun;

class GradientPlumbingTest {
    @TempDir
    Path dir;

    private TrainingRun engine(Experiment e, Regulator regulator) {
        var spec = e.runSpec(java.util.List.of());
        return new TrainingRun(regulator == null ? spec : spec.withRegulators(java.util.List.of(regulator)));
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> m) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    private static Batch firstBatch(TrainingRun run) {
        int[] idx = new int[16];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i * 3 % run.task().train().size();
        }
        return run.task().train().batch(idx, true, new java.util.Random(0));
    }

    @Test
    void zeroedEncoderGradientLeavesThatEncoderBitIdentical() {
        Regulator zeroAudio = new Regulator() {
            @Override
            public void regulate(StepView step) {
                step.modality("audio").gradients().values().forEach(g -> g.assign(0));
            }
        };
        TrainingRun run = engine(TinyExperiments.tiny(dir), zeroAudio);
        Map<String, INDArray> audio0 = copy(run.model().encoder("audio").parameters());
        Map<String, INDArray> visual0 = copy(run.model().encoder("visual").parameters());
        run.run();
        run.model().encoder("audio").parameters().forEach((k, v) -> assertThat(v).as(k).isEqualTo(audio0.get(k)));
        double moved = 0;
        for (var e : run.model().encoder("visual").parameters().entrySet()) {
            moved += e.getValue().sub(visual0.get(e.getKey())).norm2Number().doubleValue();
        }
        assertThat(moved).isGreaterThan(1e-3);
    }

    @Test
    void encoderGradientsMatchFiniteDifferences() {
        for (String unimodal : new String[] {"false", "true"}) {
            TrainingRun run = engine(TinyExperiments.tiny(dir, "losses.unimodal=" + unimodal), null);
            Batch b = firstBatch(run);
            run.forwardBackward(b.inputs(), b.labels());
            check(run, b, "audio", "conv0_W", new long[] {1, 0, 1, 2});
            check(run, b, "audio", "bn0_gamma", new long[] {2});
            check(run, b, "visual", "fc0_W", new long[] {3, 2});
            check(run, b, "visual", "z_b", new long[] {0, 1});
        }
    }

    @Test
    void aRegressionBatchCarriesItsTargetsThroughForwardBackwardAndLoss() {
        // issue 19: the Batch forms carry a regression's targets; the label-only forms refuse it with the clear line
        for (String unimodal : new String[] {"false", "true"}) {
            TrainingRun run = engine(TinyExperiments.tiny(dir, "task.target=regression", "losses.unimodal=" + unimodal),
                    null);
            Batch b = firstBatch(run);
            assertThat(b.targets()).as("a regression batch has targets").isNotNull();
            run.forwardBackward(b);
            check(run, b, "audio", "conv0_W", new long[] {1, 0, 1, 2});
            check(run, b, "visual", "fc0_W", new long[] {3, 2});
            check(run, b, "visual", "z_b", new long[] {0, 0});
            assertThatThrownBy(() -> run.loss(b.inputs(), b.labels())).isInstanceOf(IllegalStateException.class)
                    .hasMessage("a regression step needs the batch's targets (Batch.targets() is null)");
            assertThatThrownBy(() -> run.forwardBackward(b.inputs(), b.labels()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void sequenceEncoderGradientsStayLiveViews() {
        TrainingRun run = engine(TinyExperiments.tiny(dir, "task.modalities=[{name: audio, shape: [6, 5], signal: 4.0},"
                + " {name: visual, shape: [6], signal: 1.5}]"), null);
        Batch b = firstBatch(run);
        run.forwardBackward(b.inputs(), b.labels());
        // a second batch: the cached gradient maps must show the new gradient, not the first one
        int[] idx = new int[16];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = 63 - i;
        }
        Batch b2 = run.task().train().batch(idx, true, new java.util.Random(1));
        run.forwardBackward(b2.inputs(), b2.labels());
        check(run, b2, "audio", "tconv0_W", new long[] {1, 2, 1, 0});
        check(run, b2, "audio", "tconv0_b", new long[] {0, 3});
    }

    private static void check(TrainingRun run, Batch b, String modality, String param, long[] index) {
        var enc = run.model().encoder(modality);
        double analytic = enc.gradients().get(param).getDouble(index);
        INDArray w = enc.parameters().get(param);
        double original = w.getDouble(index);
        double h = 1e-6;
        w.putScalar(index, original + h);
        double plus = run.loss(b);
        w.putScalar(index, original - h);
        double minus = run.loss(b);
        w.putScalar(index, original);
        double numeric = (plus - minus) / (2 * h);
        assertThat(analytic).as(modality + "/" + param).isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
        assertThat(Math.abs(numeric)).as("a non-trivial gradient entry").isGreaterThan(1e-7);
    }

    @Test
    void fusedOnlyAndTotalGradientsDifferExactlyByTheUnimodalHeads() {
        Map<String, Map<String, INDArray>> total = new LinkedHashMap<>();
        Map<String, INDArray> fusedOnly = null;
        for (String setting : new String[] {"off", "w1", "w2"}) {
            String[] o = switch (setting) {
                case "off" -> new String[] {"losses.unimodal=false"};
                case "w1" -> new String[] {"losses.unimodal=true", "losses.unimodalWeight=1.0"};
                default -> new String[] {"losses.unimodal=true", "losses.unimodalWeight=2.0"};
            };
            TrainingRun run = engine(TinyExperiments.tiny(dir, o), null);
            Batch b = firstBatch(run);
            StepView view = run.forwardBackward(b.inputs(), b.labels());
            total.put(setting, copy(view.modality("audio").gradients()));
            if (setting.equals("w1")) {
                fusedOnly = view.modality("audio").fusedLossGradients();
                // the live gradient is restored after the extra pass
                view.modality("audio").gradients().forEach((k, v) -> assertThat(v).isEqualTo(total.get("w1").get(k)));
            }
        }
        for (String k : total.get("off").keySet()) {
            INDArray off = total.get("off").get(k);
            INDArray head1 = total.get("w1").get(k).sub(off);
            INDArray head2 = total.get("w2").get(k).sub(off);
            assertThat(fusedOnly.get(k).sub(off).amaxNumber().doubleValue()).as(k).isLessThan(1e-12);
            assertThat(head2.sub(head1.mul(2)).amaxNumber().doubleValue()).as(k).isLessThan(1e-12);
        }
        assertThat(total.get("w1").get("z_W").sub(total.get("off").get("z_W")).amaxNumber().doubleValue())
                .as("the heads do contribute").isGreaterThan(1e-6);
    }
}
