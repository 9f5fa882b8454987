package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static redreg.regulators.internal.ReferenceValuesTest.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redreg.regulators.ValuationConfig;
import redreg.testkit.TestStep;

/** Sample-level valuation against {@code reference/valuation_reference.py} (numpy, Shapley by orderings) and its rules. */
class ValuationTest {
    private static final double TOL = 1e-6;

    @Test
    void contributionsCopiesAndCopyGradientsMatchNumpyForTwoAndThreeModalities() throws Exception {
        JsonNode cases;
        try (InputStream in = ValuationTest.class.getResourceAsStream("/reference/valuation.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        for (JsonNode c : cases) {
            List<String> mods = BaselineReferenceTest.strings(c.get("modalities"));
            int full = (1 << mods.size()) - 1;
            TestStep.Builder b = BaselineReferenceTest.step(mods, 5, BaselineReferenceTest.ints(c.get("labels")),
                    (m, fm) -> { }).numClasses(3);
            for (int s = 1; s <= full; s++) {
                b.pass(BaselineReferenceTest.zeroed(s, mods), array(c.get("eval").get(String.valueOf(s))));
            }
            for (int j = 0; j < mods.size(); j++) {
                b.trainPass(BaselineReferenceTest.zeroed(1 << j, mods), array(c.get("train").get(mods.get(j))));
            }
            TestStep step = b.build();
            Valuation r = new Valuation(ValuationConfig.defaults());
            r.shapeLoss(step);
            r.regulate(step);
            String where = mods.size() + " modalities";
            for (String m : mods) {
                assertThat(step.diagnostic("valuation.contribution." + m)).as(where + " φ " + m)
                        .isCloseTo(c.get("contribution").get(m).asDouble(), within(TOL));
                assertThat(step.diagnostic("valuation.copies." + m)).as(where + " copies " + m)
                        .isCloseTo(c.get("copies").get(m).asDouble(), within(TOL));
            }
            assertThat(step.backwards()).hasSize(c.get("gradients").size());
            c.get("gradients").fields().forEachRemaining(e -> {
                Set<String> others = BaselineReferenceTest.zeroed(1 << mods.indexOf(e.getKey()), mods);
                BaselineReferenceTest.assertClose(step.backwards().get(others), array(e.getValue()), where + " " + e.getKey());
            });
            // coalition values in eval mode, copies (the kept passes) in train mode
            step.passes().forEach(p -> assertThat(p.trainMode()).as(p.toString()).isEqualTo(p.kept()));
        }
    }

    @Test
    void twoModalityShapleyIsTheCodesFormula() {
        // v_a, v_v ∈ {0, 1}, v_av ∈ {0, 2}: φ_a = (v_a + v_av − v_v)/2 for every combination
        for (int a = 0; a <= 1; a++) {
            for (int v = 0; v <= 1; v++) {
                for (int av = 0; av <= 2; av += 2) {
                    double[][] value = {{0}, {a}, {v}, {av}};
                    double[][] phi = Valuation.shapley(value, 2, 1);
                    assertThat(phi[0][0]).isEqualTo((a + av - v) / 2.0);
                    assertThat(phi[1][0]).isEqualTo((v + av - a) / 2.0);
                }
            }
        }
    }

    @Test
    void copiesFollowTheCodesThresholds() {
        assertThat(Valuation.copiesFor(1.5)).isZero();
        assertThat(Valuation.copiesFor(1.0)).isZero();
        assertThat(Valuation.copiesFor(0.5)).isEqualTo(1);
        assertThat(Valuation.copiesFor(0.0)).isEqualTo(2);
        assertThat(Valuation.copiesFor(-0.5)).isEqualTo(3);
    }

    @Test
    void warmupEpochsTrainJointOnly() {
        TestStep step = BaselineReferenceTest.step(List.of("audio", "visual"), 4, new int[] {0, 1}, (m, fm) -> { })
                .numClasses(3).build();
        Valuation r = new Valuation(ValuationConfig.defaults());
        r.shapeLoss(step);
        r.regulate(step);
        assertThat(step.passes()).isEmpty();
        assertThat(step.backwards()).isEmpty();
    }
}
