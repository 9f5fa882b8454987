package redreg.example.gradnorm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ConfigException;
import redreg.api.Regulator;
import redreg.api.signals.Gradients;
import redreg.example.gradnorm.internal.GradNormProvider;
import redreg.testkit.TestContext;
import redreg.testkit.TestStep;

/** The rule of {@code GradNorm.regulate} on a step with given gradients (redreg.testkit's fakes), values by hand. */
class GradNormTest {
    private static final List<String> MODS = List.of("audio", "visual", "text");

    /** Two tensors per modality whose joint norm is {@code norm}: (3/5·norm, 4/5·norm) in two 1×1 tensors. */
    private static Map<String, INDArray> gradientOfNorm(double norm) {
        return Map.of("W", Nd4j.create(new double[] {0.6 * norm}, new long[] {1, 1}, DataType.DOUBLE),
                "b", Nd4j.create(new double[] {0.8 * norm}, new long[] {1, 1}, DataType.DOUBLE));
    }

    private static TestStep step(double... norms) {
        TestStep.Builder b = TestStep.builder().labels(0);
        for (int i = 0; i < norms.length; i++) {
            double n = norms[i];
            b.modality(MODS.get(i), m -> m.gradients(gradientOfNorm(n)));
        }
        return b.build();
    }

    private static Regulator gradnorm(double strength, List<String> modalities, double maxScale, int count) {
        Regulator r = new GradNormProvider().create(new GradNormConfig(strength, modalities, maxScale));
        r.onTrainStart(TestContext.builder().modalities(MODS.subList(0, count)).build());
        return r;
    }

    private static double norm(TestStep s, String m) {
        return Math.sqrt(Gradients.squaredNorm(s.modality(m).gradients()));
    }

    @Test
    void strengthOneGivesEveryModalityTheMeanNorm() {
        TestStep s = step(3, 1);
        gradnorm(1, List.of(), 10, 2).regulate(s);
        // n̄ = (3 + 1)/2 = 2: s_audio = 2/3, s_visual = 2
        assertThat(s.diagnostic("gradnorm.before.audio")).isCloseTo(3, within(1e-12));
        assertThat(s.diagnostic("gradnorm.target")).isCloseTo(2, within(1e-12));
        assertThat(s.diagnostic("gradnorm.scale.audio")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.diagnostic("gradnorm.scale.visual")).isCloseTo(2, within(1e-12));
        assertThat(norm(s, "audio")).isCloseTo(2, within(1e-12));
        assertThat(norm(s, "visual")).isCloseTo(2, within(1e-12));
        assertThat(s.modality("audio").gradients().get("W").getDouble(0)).as("the direction is kept")
                .isCloseTo(0.6 * 2, within(1e-12));
    }

    @Test
    void strengthHalfHalvesTheLogRatioOfTheNorms() {
        TestStep s = step(8, 2);
        gradnorm(0.5, List.of(), 10, 2).regulate(s);
        // n̄ = 5: s_audio = (5/8)^½, s_visual = (5/2)^½; log(n_a/n_v) goes from log 4 to ½·log 4
        assertThat(s.diagnostic("gradnorm.scale.audio")).isCloseTo(Math.sqrt(5.0 / 8), within(1e-12));
        assertThat(Math.log(norm(s, "audio") / norm(s, "visual"))).isCloseTo(0.5 * Math.log(4), within(1e-12));
    }

    @Test
    void theScaleIsClampedAndAZeroGradientIsLeftAlone() {
        TestStep s = step(1, 1000, 0);
        gradnorm(1, List.of(), 10, 3).regulate(s);
        // n̄ over the non-zero norms = 500.5: audio's 500.5 is clamped to 10, visual's 0.5005 stays
        assertThat(s.diagnostic("gradnorm.target")).isCloseTo(500.5, within(1e-9));
        assertThat(s.diagnostic("gradnorm.scale.audio")).isEqualTo(10.0);
        assertThat(s.diagnostic("gradnorm.scale.visual")).isCloseTo(0.5005, within(1e-12));
        assertThat(s.diagnostic("gradnorm.scale.text")).isEqualTo(1.0);
        assertThat(norm(s, "audio")).isCloseTo(10, within(1e-12));
        assertThat(norm(s, "text")).isZero();
    }

    @Test
    void onlyTheConfiguredModalitiesAreBalanced() {
        TestStep s = step(3, 1, 7);
        gradnorm(1, List.of("audio", "visual"), 10, 3).regulate(s);
        assertThat(norm(s, "audio")).isCloseTo(2, within(1e-12));
        assertThat(norm(s, "text")).isCloseTo(7, within(1e-12));
        assertThat(s.diagnostics()).doesNotContainKey("gradnorm.scale.text");
    }

    @Test
    void anUnknownModalityIsAOneLineConfigError() {
        Regulator r = new GradNormProvider().create(new GradNormConfig(0.5, List.of("audio", "speech"), 10));
        assertThatThrownBy(() -> r.onTrainStart(TestContext.builder().modalities("audio", "visual").build()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("regulator.modalities: unknown modality 'speech'; valid modalities: audio, visual");
    }
}
