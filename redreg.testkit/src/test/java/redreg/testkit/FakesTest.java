package redreg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.DataPart;
import redreg.api.FeatureSet;
import redreg.api.PassSpec;
import redreg.api.nn.Param;

/** The fakes answer what they were given, record what a regulator did, and fail clearly on what they were not given. */
class FakesTest {
    private static INDArray row(double... v) {
        return Nd4j.create(v, new long[] {1, v.length}, DataType.DOUBLE);
    }

    @Test
    void aStepAnswersWhatItWasGivenAndRecordsWhatWasDone() {
        INDArray g = row(1, 2);
        INDArray p = Nd4j.create(new double[] {0.7, 0.2, 0.1, 0.1, 0.3, 0.6}, new long[] {2, 3}, DataType.DOUBLE);
        TestStep step = TestStep.builder().labels(0, 2).clock(1, 3, 2, 4).seed(9).unimodalLosses(true)
                .modality("audio", m -> m.probabilities(p).gradients(Map.of("W", g)).fusedGradients(Map.of("W", row(1, 0)))
                        .lossGradients("pmr.audio", Map.of("W", row(0, 1))))
                .modalities("visual")
                .pass(Set.of("audio"), row(0, 0, 1))
                .build();
        assertThat(step.globalStep()).isEqualTo(6);
        assertThat(step.progress()).isCloseTo(0.5, within(1e-12));
        assertThat(step.numClasses()).isEqualTo(3);
        assertThat(step.modality("audio").trueClassProbabilities().toDoubleVector()).containsExactly(0.7, 0.6);
        assertThat(step.modality("audio").logits().getDouble(0, 0)).isCloseTo(Math.log(0.7), within(1e-12));
        assertThat(step.modality("audio").losses()).containsExactly("fused", "unimodal", "pmr.audio");
        assertThat(step.modality("visual").losses()).containsExactly("fused", "unimodal");
        assertThat(step.unimodalWeight("visual")).isEqualTo(1.0);

        step.modality("audio").gradients().get("W").muli(2);
        assertThat(g.toDoubleVector()).as("the test's own array sees the rewrite").containsExactly(2, 4);
        step.setFusedWeight(0.5);
        step.setUnimodalWeight("audio", 0);
        assertThat(step.lossWeights().fused()).isEqualTo(0.5);
        assertThat(step.lossWeights().unimodal()).containsEntry("audio", 0.0).containsEntry("visual", 1.0);
        step.diagnostic("x", 3);
        assertThat(step.diagnostic("x")).isEqualTo(3);
        step.addTerm("t", 1.5, Map.of("audio", row(1, 1)));
        assertThat(step.term("t").value()).isEqualTo(1.5);
        assertThatThrownBy(() -> step.addTerm("fused", 0, Map.of())).isInstanceOf(IllegalArgumentException.class);

        var pass = step.pass(PassSpec.eval().zero("audio").keep());
        assertThat(pass.fusedLogits().toDoubleVector()).containsExactly(0, 0, 1);
        pass.backward(row(1, 2, 3));
        pass.backward(row(1, 1, 1));
        assertThat(step.backwards().get(Set.of("audio")).toDoubleVector()).containsExactly(2, 3, 4);
        assertThat(step.passes()).hasSize(1);
        assertThatThrownBy(() -> step.pass(PassSpec.eval().zero("visual"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[visual] zeroed");
        assertThatThrownBy(() -> step.pass(PassSpec.eval().zero("audio")).backward(row(0, 0, 0)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(step.modality("audio").lossGradients("pmr.audio").get("W").toDoubleVector()).containsExactly(0, 1);
        assertThat(step.modality("audio").lossGradientCalls("pmr.audio")).isEqualTo(1);
        assertThatThrownBy(() -> step.modality("visual").features()).isInstanceOf(IllegalStateException.class)
                .hasMessage("TestStep: modality visual was given no features");
        assertThatThrownBy(() -> step.diagnostic("y")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> step.modality("text")).hasMessageContaining("[audio, visual]");
    }

    @Test
    void aContextBlendsItsLiveParametersAndServesFeaturesByEpoch() {
        INDArray w = row(1, 1);
        FeatureSet first = new FeatureSet(new int[1], new int[1], Map.of(), Map.of(), null);
        FeatureSet later = new FeatureSet(new int[2], new int[2], Map.of(), Map.of(), null);
        TestContext ctx = TestContext.builder().modalities("audio").epochs(3).seed(5)
                .parameters("audio", Map.of("W", w)).features(DataPart.TRAIN, List.of(first, later))
                .size(DataPart.VALIDATION, 0).build();
        var snap = ctx.snapshot("audio");
        w.assign(3);
        ctx.blend(snap, 0.25);
        assertThat(w.toDoubleVector()).containsExactly(2.5, 2.5); // 0.25·1 + 0.75·3
        ctx.restore(snap);
        assertThat(w.toDoubleVector()).containsExactly(1, 1);
        assertThat(ctx.features(DataPart.TRAIN, 0.5, "s")).isSameAs(first);
        ctx.setEpoch(2);
        assertThat(ctx.features(DataPart.TRAIN, 1.0, "s")).isSameAs(later);
        assertThat(ctx.featureCalls()).containsExactly("TRAIN 0.5 s", "TRAIN 1.0 s");
        assertThat(ctx.size(DataPart.VALIDATION)).isZero();
        assertThat(ctx.seed("a")).isNotEqualTo(ctx.seed("b")).isEqualTo(ctx.seed("a"));
        assertThatThrownBy(() -> ctx.features(DataPart.VALIDATION, 1, "s")).hasMessageContaining("no features of VALIDATION");
        assertThatThrownBy(ctx::fork).hasMessage("TestContext was given no forks");
        assertThatThrownBy(() -> ctx.setEpoch(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchRecordsReplacedInputsAndASwitchItsCuratedBranch() {
        TestBatch batch = TestBatch.builder().clock(2, 5).globalStep(9).labels(1).input("audio", row(1, 2)).build();
        batch.replaceInput("audio", row(0, 0));
        assertThat(batch.input("audio").toDoubleVector()).containsExactly(0, 0);
        assertThat(batch.replaced()).containsExactly("audio");
        assertThatThrownBy(() -> batch.replaceInput("audio", row(0))).isInstanceOf(IllegalArgumentException.class);

        TestFusion.Switch fusion = TestFusion.curationSwitch().bypass("audio", List.of(Param.of("e", row(1))));
        fusion.curate("audio");
        assertThat(fusion.curated()).contains("audio");
        assertThat(fusion.bypassParameters("audio")).hasSize(1);
        assertThatThrownBy(() -> fusion.bypassParameters("visual")).isInstanceOf(IllegalStateException.class);
    }
}
