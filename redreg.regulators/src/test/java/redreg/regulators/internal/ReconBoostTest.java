package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static redreg.regulators.internal.ReferenceValuesTest.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.experiment.Registry;
import redreg.regulators.ReconBoostConfig;
import redreg.testkit.TestStep;

/** ReconBoost against {@code reference/reconboost_reference.py} (numpy, gradients by finite differences), its schedule. */
class ReconBoostTest {
    private static final double TOL = 1e-6;

    static TestStep step(Map<String, INDArray> logits, int[] y, int epoch) {
        return BaselineReferenceTest.step(List.copyOf(logits.keySet()), epoch, y, (m, fm) -> fm.logits(logits.get(m))
                .probabilities(Transforms.softmax(logits.get(m), true))).build();
    }

    /** audio first: the learner of epoch 0. */
    static Map<String, INDArray> ordered(INDArray audio, INDArray visual) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("audio", audio);
        m.put("visual", visual);
        return m;
    }

    @Test
    void boostingAndRectificationTermsMatchNumpyForTwoAndThreeModalities() throws Exception {
        JsonNode cases;
        try (InputStream in = ReconBoostTest.class.getResourceAsStream("/reference/reconboost.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        for (JsonNode c : cases) {
            List<String> mods = BaselineReferenceTest.strings(c.get("modalities"));
            Map<String, INDArray> logits = new LinkedHashMap<>();
            mods.forEach(m -> logits.put(m, array(c.get("logits").get(m))));
            int[] y = BaselineReferenceTest.ints(c.get("labels"));
            String where = mods.size() + " modalities";
            String learner = c.get("learner").asText();

            TestStep boost = step(logits, y, 0); // epoch 0: the first modality's boosting stage
            new ReconBoostProvider().create(ReconBoostConfig.defaults()).shapeLoss(boost);
            assertThat(boost.fusedWeight()).isZero();
            mods.forEach(m -> assertThat(boost.unimodalWeight(m)).as(where).isZero());
            assertThat(boost.logitTerms()).containsOnlyKeys("reconboost.boost", "reconboost.ga");
            assertThat(boost.logitTerm("reconboost.boost").value()).as(where)
                    .isCloseTo(c.get("boost").asDouble(), within(TOL));
            assertThat(boost.logitTerm("reconboost.ga").value()).as(where)
                    .isCloseTo(c.get("ga").asDouble(), within(TOL));
            assertThat(boost.logitTerm("reconboost.boost").featureGradients()).containsOnlyKeys(learner);
            BaselineReferenceTest.assertClose(boost.logitTerm("reconboost.boost").featureGradients().get(learner),
                    array(c.get("boostGradient")), where + " dBoost/dl");
            BaselineReferenceTest.assertClose(boost.logitTerm("reconboost.ga").featureGradients().get(learner),
                    array(c.get("gaGradient")), where + " dGA/dl");

            TestStep rectify = step(logits, y, 4); // epoch 4: the first rectification stage
            new ReconBoost(ReconBoostConfig.defaults()).shapeLoss(rectify);
            assertThat(rectify.logitTerms()).containsOnlyKeys("reconboost.ensemble");
            assertThat(rectify.logitTerm("reconboost.ensemble").value()).as(where)
                    .isCloseTo(c.get("ensemble").asDouble(), within(TOL));
            for (String m : mods) {
                BaselineReferenceTest.assertClose(rectify.logitTerm("reconboost.ensemble").featureGradients().get(m),
                        array(c.get("ensembleGradients").get(m)), where + " dCE(ensemble)/dl " + m);
            }
        }
    }

    @Test
    void stagesAlternateTheModalitiesWithRectificationBetween() {
        ReconBoost r = new ReconBoost(new ReconBoostConfig(2, 1, 5, 1, 0.5, true));
        List<String> mods = List.of("audio", "visual", "text");
        List<String> seen = new ArrayList<>();
        for (int e = 0; e < 10; e++) {
            String m = r.learner(mods, e);
            seen.add(m == null ? "-" : m);
        }
        assertThat(seen).containsExactly("audio", "audio", "-", "visual", "visual", "-", "text", "text", "-", "audio");
    }

    @Test
    void detachedConsolidationIsReportedButTrainsNothing() {
        INDArray a = Nd4j.createFromArray(new double[][] {{2, 0, 0}, {0, 1, 0}});
        INDArray v = Nd4j.createFromArray(new double[][] {{0, 1, 0}, {0, 0.5, 1}});
        TestStep paper = step(ordered(a, v), new int[] {0, 1}, 0);
        new ReconBoost(ReconBoostConfig.defaults()).shapeLoss(paper);
        TestStep official = step(ordered(a, v), new int[] {0, 1}, 0);
        new ReconBoost(new ReconBoostConfig(4, 4, 5, 1, 0.5, false)).shapeLoss(official);
        assertThat(official.logitTerms()).containsOnlyKeys("reconboost.boost");
        assertThat(official.diagnostic("reconboost.ga"))
                .isCloseTo(paper.logitTerm("reconboost.ga").value(), within(1e-12)).isGreaterThan(0);
    }

    @Test
    void samplesTheOtherEnsembleGetsRightWeighLess() {
        // same learner logits on both samples; the visual head is sure of the label on sample 0 only
        INDArray a = Nd4j.createFromArray(new double[][] {{0, 0, 0}, {0, 0, 0}});
        INDArray v = Nd4j.createFromArray(new double[][] {{6, 0, 0}, {0, 6, 0}});
        TestStep step = step(ordered(a, v), new int[] {0, 0}, 0);
        new ReconBoost(ReconBoostConfig.defaults()).shapeLoss(step);
        INDArray g = step.logitTerm("reconboost.boost").featureGradients().get("audio");
        assertThat(Math.abs(g.getDouble(0, 0))).isLessThan(Math.abs(g.getDouble(1, 0)));
    }

    @Test
    void predictsWithTheHeadsEnsemble() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}});
        INDArray v = Nd4j.createFromArray(new double[][] {{3, -1}});
        INDArray out = new ReconBoost(ReconBoostConfig.defaults())
                .evaluationLogits(Nd4j.createFromArray(new double[][] {{9, 9}}), Map.of("audio", a, "visual", v));
        assertThat(out.toDoubleVector()).containsExactly(4, 1);
    }

    @Test
    void isRegistered() {
        assertThat(Registry.discover().regulators().stream().map(p -> p.name())).contains("reconboost");
    }
}
