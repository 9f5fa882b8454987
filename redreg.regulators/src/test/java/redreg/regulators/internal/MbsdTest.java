package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static redreg.regulators.internal.ReferenceValuesTest.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.Regulator;
import redreg.api.experiment.Registry;
import redreg.regulators.MbsdConfig;
import redreg.testkit.TestStep;

/** MBSD against {@code reference/mbsd_reference.py} (numpy, gradients by finite differences) and its rules. */
class MbsdTest {
    private static final double TOL = 1e-6;

    static TestStep step(Map<String, INDArray> logits, int[] y) {
        return BaselineReferenceTest.step(List.copyOf(logits.keySet()), 0, y, (m, fm) -> fm.logits(logits.get(m))
                .probabilities(Transforms.softmax(logits.get(m), true))).build();
    }

    @Test
    void termsAndLogitGradientsMatchNumpyForTwoAndThreeModalities() throws Exception {
        JsonNode cases;
        try (InputStream in = MbsdTest.class.getResourceAsStream("/reference/mbsd.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        for (JsonNode c : cases) {
            List<String> mods = BaselineReferenceTest.strings(c.get("modalities"));
            Map<String, INDArray> logits = new java.util.LinkedHashMap<>();
            mods.forEach(m -> logits.put(m, array(c.get("logits").get(m))));
            TestStep step = step(logits, BaselineReferenceTest.ints(c.get("labels")));
            Regulator r = new MbsdProvider().create(MbsdConfig.defaults());
            r.shapeLoss(step);
            String where = mods.size() + " modalities";
            assertThat(step.fusedWeight()).isEqualTo(1.0);
            mods.forEach(m -> assertThat(step.unimodalWeight(m)).as(where).isEqualTo(1.0));
            assertThat(step.logitTerm("mbsd.rs").value()).as(where).isCloseTo(c.get("rs").asDouble(), within(TOL));
            assertThat(step.logitTerm("mbsd.kl").value()).as(where).isCloseTo(c.get("kl").asDouble(), within(TOL));
            for (String m : mods) {
                BaselineReferenceTest.assertClose(step.logitTerm("mbsd.rs").featureGradients().get(m),
                        array(c.get("rsGradients").get(m)), where + " dRS/dl " + m);
                BaselineReferenceTest.assertClose(step.logitTerm("mbsd.kl").featureGradients().get(m),
                        array(c.get("klGradients").get(m)), where + " dKL/dl " + m);
            }
        }
    }

    @Test
    void aSampleNeitherHeadGetsRightAddsNothing() {
        // sample 0: both heads predict class 2, the label is 0 → w = 0; sample 1: audio right.
        INDArray a = Nd4j.createFromArray(new double[][] {{0, 0, 3}, {2, 0, 0}});
        INDArray v = Nd4j.createFromArray(new double[][] {{0, 1, 2}, {0, 1, 0}});
        TestStep step = step(Map.of("audio", a, "visual", v), new int[] {0, 0});
        new Mbsd(MbsdConfig.defaults()).shapeLoss(step);
        for (String term : List.of("mbsd.rs", "mbsd.kl")) {
            for (String m : List.of("audio", "visual")) {
                INDArray g = step.logitTerm(term).featureGradients().get(m);
                assertThat(g.getRow(0).amaxNumber().doubleValue()).as(term + " " + m).isZero();
                assertThat(g.getRow(1).amaxNumber().doubleValue()).as(term + " " + m).isGreaterThan(0);
            }
        }
    }

    @Test
    void identicalHeadsAddZeroTermsAndZeroGradients() {
        INDArray l = Nd4j.createFromArray(new double[][] {{1, 0, -1}, {0.5, 2, 0}});
        TestStep step = step(Map.of("audio", l, "visual", l.dup()), new int[] {0, 1});
        new Mbsd(MbsdConfig.defaults()).shapeLoss(step);
        for (String term : List.of("mbsd.rs", "mbsd.kl")) {
            assertThat(step.logitTerm(term).value()).isZero();
            step.logitTerm(term).featureGradients().values()
                    .forEach(g -> assertThat(g.amaxNumber().doubleValue()).isZero());
        }
    }

    @Test
    void weightsScaleTheTermsAndZeroDropsThem() {
        INDArray a = Nd4j.createFromArray(new double[][] {{2, 0, 0}, {0, 1, 0}});
        INDArray v = Nd4j.createFromArray(new double[][] {{0, 1, 0}, {0, 0.5, 1}});
        TestStep one = step(Map.of("audio", a, "visual", v), new int[] {0, 1});
        new Mbsd(MbsdConfig.defaults()).shapeLoss(one);
        TestStep scaled = step(Map.of("audio", a, "visual", v), new int[] {0, 1});
        new Mbsd(new MbsdConfig(0.5, 3.0, 0.0)).shapeLoss(scaled);
        assertThat(scaled.logitTerms()).containsOnlyKeys("mbsd.rs");
        assertThat(scaled.logitTerm("mbsd.rs").value())
                .isCloseTo(3 * one.logitTerm("mbsd.rs").value(), within(1e-12));
        assertThat(scaled.unimodalWeight("audio")).isEqualTo(0.5);
    }

    @Test
    void isRegisteredWithItsDefaults() {
        assertThat(Registry.discover().regulators().stream().map(p -> p.name())).contains("mbsd");
    }
}
