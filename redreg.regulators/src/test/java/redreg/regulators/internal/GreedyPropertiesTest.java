package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ConfigException;
import redreg.api.Fusion;
import redreg.regulators.GreedyConfig;
import redreg.testkit.TestContext;
import redreg.testkit.TestFusion;
import redreg.testkit.TestStep;

/** Properties of Greedy's BDR statistic, its curation window and its preconditions. */
class GreedyPropertiesTest {

    @Test
    void speedIsARatioOfSumsOverTheGroupAndScalesWithTheSquaredGradient() {
        // Σ‖g‖² = (1 + 1) + 4 = 6 and Σ‖θ‖² = 1 + 4 = 5 give 1.2; a mean of per-tensor ratios would give (2 + 1) / 2.
        List<INDArray> g = List.of(Nd4j.createFromArray(1.0, 1.0), Nd4j.createFromArray(2.0));
        assertThat(GreedyBalance.speed(g, List.of(Nd4j.createFromArray(1.0, 0.0), Nd4j.createFromArray(2.0))))
                .isCloseTo(1.2, within(1e-12));
        List<INDArray> g3 = g.stream().map(a -> a.mul(3)).toList();
        List<INDArray> v = List.of(Nd4j.createFromArray(0.5, -1.0), Nd4j.createFromArray(0.25));
        assertThat(GreedyBalance.speed(g3, v)).isCloseTo(9 * GreedyBalance.speed(g, v), within(1e-12));
    }

    @Test
    void bdrIsTheLogRatioOfTheCumulativeSpeedsAndItsSignPicksTheCaredModality() {
        GreedyBalance b = new GreedyBalance(0.01, 3);
        // modality 0: bypass 1, main 0.1 (BDR 1); modality 1: bypass 1, main 1 (BDR 0) → d = 1 > ε → care for 0
        assertThat(b.afterBackward(true, new double[] {1, 1}, new double[] {0.1, 1})).isZero();
        assertThat(b.bdr(0)).isCloseTo(1.0, within(1e-12));
        assertThat(b.bdr(1)).isCloseTo(0.0, within(1e-12));
        GreedyBalance mirrored = new GreedyBalance(0.01, 3);
        assertThat(mirrored.afterBackward(true, new double[] {1, 1}, new double[] {1, 0.1})).isEqualTo(1);
        // cumulative: a second regular step adds to the sums: (1 + 3) / (0.1 + 0.3) → BDR_0 = 1 still
        GreedyBalance balanced = new GreedyBalance(0.01, 3);
        assertThat(balanced.afterBackward(true, new double[] {2, 2}, new double[] {2, 2})).isEqualTo(-1);
        assertThat(balanced.afterBackward(true, new double[] {1, 4}, new double[] {1, 4})).isEqualTo(-1);
        assertThat(balanced.difference()).isCloseTo(0.0, within(1e-12));
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {1, 3, 5})
    void aDecisionCuratesExactlyWindowForwardsAndFreezesTheAccumulators(int window) {
        GreedyBalance b = new GreedyBalance(0.01, window);
        double[] bypass = {1, 1};
        double[] main = {0.1, 1};
        // Before the unlock: statistics accumulate, nothing is curated.
        for (int t = 0; t < 4; t++) {
            assertThat(b.afterBackward(false, bypass, main)).isEqualTo(-1);
        }
        List<Integer> next = new ArrayList<>();
        List<Double> bdr = new ArrayList<>();
        for (int t = 0; t < 3 * (window + 1); t++) {
            boolean stat = b.wantsStatistic(true);
            // while curating the speeds passed in are garbage: they must not be read
            next.add(b.afterBackward(true, stat ? bypass : new double[] {1e9, 1e9}, stat ? main : new double[] {1e-9, 1}));
            bdr.add(b.bdr(0));
        }
        // decision step, window−1 more curated forwards decided, the window's last backward ends it, repeat
        List<Integer> cycle = new ArrayList<>();
        for (int i = 0; i < window; i++) {
            cycle.add(0);
        }
        cycle.add(-1);
        List<Integer> expected = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            expected.addAll(cycle);
        }
        assertThat(next).isEqualTo(expected);
        bdr.forEach(v -> assertThat(v).isCloseTo(1.0, within(1e-12)));
    }

    @Test
    void aRegularStepWithinEpsilonCuratesNothing() {
        GreedyBalance b = new GreedyBalance(0.5, 2);
        // BDR_0 = log10(2) ≈ 0.301, BDR_1 = 0: |d| ≤ 0.5
        assertThat(b.afterBackward(true, new double[] {2, 1}, new double[] {1, 1})).isEqualTo(-1);
        assertThat(b.wantsStatistic(true)).isTrue();
    }

    @Test
    void needsTwoModalitiesAndTheMmtmFusion() {
        Greedy g = new Greedy(GreedyConfig.defaults());
        var three = List.of("audio", "visual", "text");
        assertThatThrownBy(() -> g.onTrainStart(context(three, TestFusion.curationSwitch())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("regulator greedy: defined for exactly 2 modalities (its BDR compares two branches), got 3:"
                        + " audio, visual, text");
        assertThatThrownBy(() -> g.onTrainStart(context(List.of("a", "v"), TestFusion.plain())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs fusion mmtm")
                .hasMessageNotContaining("\n");
    }

    @Test
    void randomModePicksUniformlyAfterTheUnlockOnly() {
        var config = new GreedyConfig(GreedyConfig.Mode.RANDOM, 0.01, 5, 1, 0.0);
        var names = List.of("audio", "visual");
        TestFusion.Switch fusion = TestFusion.curationSwitch();
        Greedy g = new Greedy(config);
        g.onTrainStart(context(names, fusion));
        int[] counts = new int[3];
        for (int t = 0; t < 600; t++) {
            g.regulate(TestStep.builder().modalities("audio", "visual").clock(t < 30 ? 0 : 1, 10, 0, 1).build());
            String c = fusion.curated().orElse(null);
            if (t < 30) {
                assertThat(c).isNull();
            } else {
                counts[c == null ? 0 : c.equals("audio") ? 1 : 2]++;
            }
        }
        for (int n : counts) {
            assertThat(n).isBetween(130, 250); // 570 draws, 190 expected each
        }
    }

    /** Greedy's context: a fusion, empty head parameters (the heads' share is in the encoders' maps), seed 7. */
    static TestContext context(List<String> modalities, Fusion fusion) {
        TestContext.Builder b = TestContext.builder().modalities(modalities).epochs(10).stepsPerEpoch(5).seed(7)
                .fusion(fusion);
        modalities.forEach(m -> b.headParameters(m, Map.of()));
        return b.build();
    }
}
