package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static redreg.regulators.internal.ReferenceValuesTest.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.ConfigException;
import redreg.api.experiment.Registry;
import redreg.regulators.LfmConfig;
import redreg.testkit.TestStep;

/** LFM against {@code reference/lfm_reference.py} (numpy, ModalBed's Alignment, gradients by finite differences). */
class LfmTest {
    private static final double TOL = 1e-6;

    /** The same arrays as logits and as features: either mode reads its own. */
    static TestStep step(Map<String, INDArray> u, int epoch) {
        int[] y = new int[(int) u.values().iterator().next().size(0)];
        return BaselineReferenceTest.step(List.copyOf(u.keySet()), epoch, y, (m, fm) -> fm.logits(u.get(m))
                .features(u.get(m)).probabilities(Transforms.softmax(u.get(m), true))).build();
    }

    @Test
    void alignmentTermAndItsGradientsMatchNumpyOnLogitsAndOnFeatures() throws Exception {
        JsonNode cases;
        try (InputStream in = LfmTest.class.getResourceAsStream("/reference/lfm.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        for (JsonNode c : cases) {
            List<String> mods = BaselineReferenceTest.strings(c.get("modalities"));
            Map<String, INDArray> u = new LinkedHashMap<>();
            mods.forEach(m -> u.put(m, array(c.get("inputs").get(m))));
            String where = mods.size() + " modalities, epoch " + c.get("epoch").asInt();
            double alpha = c.get("alpha").asDouble();
            TestStep onLogits = step(u, c.get("epoch").asInt());
            new LfmProvider().create(LfmConfig.defaults()).shapeLoss(onLogits);
            TestStep onFeatures = step(u, c.get("epoch").asInt());
            new Lfm(new LfmConfig(0.3, 0.05, 0.95, "features")).shapeLoss(onFeatures);
            for (TestStep s : List.of(onLogits, onFeatures)) {
                assertThat(s.fusedWeight()).as(where).isCloseTo(1 - alpha, within(1e-12));
                assertThat(s.diagnostic("lfm.alpha")).as(where).isCloseTo(alpha, within(1e-12));
            }
            TestStep.Term logits = onLogits.logitTerm("lfm.align");
            TestStep.Term features = onFeatures.term("lfm.align");
            assertThat(onLogits.terms()).isEmpty();
            assertThat(onFeatures.logitTerms()).isEmpty();
            for (TestStep.Term t : List.of(logits, features)) {
                assertThat(t.value()).as(where).isCloseTo(c.get("value").asDouble(), within(TOL));
                for (String m : mods) {
                    BaselineReferenceTest.assertClose(t.featureGradients().get(m), array(c.get("gradients").get(m)),
                            where + " dJS/du " + m);
                }
            }
        }
    }

    @Test
    void theMixMovesFromAlignmentToClassificationWithinItsClip() {
        Lfm lfm = new Lfm(LfmConfig.defaults());
        assertThat(lfm.alignmentWeight(0)).isEqualTo(0.95);
        assertThat(lfm.alignmentWeight(1)).isCloseTo(Math.exp(-0.3), within(1e-12));
        assertThat(lfm.alignmentWeight(5)).isLessThan(lfm.alignmentWeight(1));
        assertThat(lfm.alignmentWeight(100)).isEqualTo(0.05);
    }

    @Test
    void identicalModalitiesAddAZeroTerm() {
        INDArray l = Nd4j.createFromArray(new double[][] {{1, 0, -1}, {0.5, 2, 0}});
        Map<String, INDArray> u = new LinkedHashMap<>();
        u.put("audio", l);
        u.put("visual", l.dup());
        TestStep s = step(u, 3);
        new Lfm(LfmConfig.defaults()).shapeLoss(s);
        assertThat(s.logitTerm("lfm.align").value()).isCloseTo(0, within(1e-12));
        s.logitTerm("lfm.align").featureGradients().values()
                .forEach(g -> assertThat(g.amaxNumber().doubleValue()).isLessThan(1e-12));
    }

    @Test
    void featuresOfDifferentSizesAreRefusedInOneLine() {
        Map<String, INDArray> u = new LinkedHashMap<>();
        u.put("audio", Nd4j.zeros(2, 3).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
        u.put("visual", Nd4j.zeros(2, 4).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
        TestStep s = step(u, 0);
        assertThatThrownBy(() -> new Lfm(new LfmConfig(0.3, 0.05, 0.95, "features")).shapeLoss(s))
                .isInstanceOf(ConfigException.class).hasMessageContaining("regulator lfm").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> new LfmConfig(0.3, 0.5, 0.4, "logits")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new LfmConfig(0.3, 0.05, 0.95, "both")).isInstanceOf(ConfigException.class);
    }

    @Test
    void isRegistered() {
        assertThat(Registry.discover().regulators().stream().map(p -> p.name())).contains("lfm");
    }
}
