package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static redreg.regulators.internal.ReferenceValuesTest.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ConfigException;
import redreg.regulators.MlaConfig;
import redreg.testkit.TestContext;
import redreg.testkit.TestFusion;

/** MLA's gradient modification against {@code reference/mla_reference.py} (the official GSPlugin in numpy) and its rules. */
class MlaTest {
    private static final double TOL = 1e-9;

    static JsonNode reference() throws Exception {
        try (InputStream in = MlaTest.class.getResourceAsStream("/reference/mla.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void projectorAndProjectedGradientsMatchTheOfficialPlugin() throws Exception {
        JsonNode ref = reference();
        for (String mode : List.of("replace", "add")) {
            Mla r = new Mla(new MlaConfig(mode));
            r.startProjector(ref.get("d").asLong());
            int t = 0;
            for (JsonNode s : ref.get("steps")) {
                INDArray g = array(s.get("gradient"));
                r.modify(g, array(s.get("features")), s.get("batch").asInt(), s.get("batches").asInt());
                BaselineReferenceTest.assertClose(r.projector(), array(s.get("projector")), mode + " P after update " + t);
                BaselineReferenceTest.assertClose(g, array(s.get(mode)), mode + " gradient of update " + t);
                t++;
            }
        }
    }

    @Test
    void offLeavesTheGradientAlone() throws Exception {
        JsonNode s = reference().get("steps").get(3);
        Mla r = new Mla(new MlaConfig("off"));
        r.startProjector(4);
        for (int i = 0; i < 3; i++) {
            INDArray g = array(s.get("gradient"));
            r.modify(g, array(s.get("features")), 1, 3);
            BaselineReferenceTest.assertClose(g, array(s.get("gradient")), "off");
        }
    }

    @Test
    void theProjectorStaysNormalisedAndSymmetric() throws Exception {
        Mla r = new Mla(MlaConfig.defaults());
        r.startProjector(4);
        int t = 0;
        for (JsonNode s : reference().get("steps")) {
            r.modify(array(s.get("gradient")), array(s.get("features")), s.get("batch").asInt(), s.get("batches").asInt());
            INDArray p = r.projector();
            // the identity until the first update that counts (‖I_4‖_F = 2), Frobenius-normalised after
            assertThat(p.norm2Number().doubleValue()).isCloseTo(t++ == 0 ? 2.0 : 1.0,
                    org.assertj.core.api.Assertions.within(1e-12));
            BaselineReferenceTest.assertClose(p, p.transpose(), "symmetric");
        }
    }

    @Test
    void refusesAFusionWithoutASharedHead() {
        Mla r = new Mla(MlaConfig.defaults());
        assertThatThrownBy(() -> r.onTrainStart(TestContext.builder().modalities(List.of("audio", "visual"))
                .fusion(TestFusion.plain()).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs fusion shared-head");
    }

    @Test
    void rejectsAnUnknownProjection() {
        assertThatThrownBy(() -> new MlaConfig("sideways")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("replace, add, off");
    }
}
