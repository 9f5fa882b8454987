package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.nn.Param;
import redreg.regulators.GreedyConfig;
import redreg.testkit.TestFusion;
import redreg.testkit.TestStep;

/**
 * Greedy's statistic and curation window against {@code reference/greedy_reference.py} (numpy): the pure core
 * ({@link GreedyBalance}) and the regulator itself driving a fake curation switch, on the same fixed steps.
 */
class GreedyReferenceTest {
    private static final double TOL = 1e-6;
    private static JsonNode fixture;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = GreedyReferenceTest.class.getResourceAsStream("/reference/greedy.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
    }

    static List<INDArray> arrays(JsonNode list) {
        List<INDArray> out = new ArrayList<>();
        list.forEach(a -> out.add(ReferenceValuesTest.array(a)));
        return out;
    }

    @Test
    void coreMatchesNumpy() {
        for (JsonNode c : fixture.get("cases")) {
            JsonNode cfg = c.get("config");
            GreedyBalance balance = new GreedyBalance(cfg.get("epsilon").asDouble(), cfg.get("window").asInt());
            for (int t = 0; t < fixture.get("steps").size(); t++) {
                JsonNode step = fixture.get("steps").get(t);
                JsonNode expected = c.get("expected").get(t);
                boolean unlocked = step.get("epoch").asInt() >= cfg.get("startingEpoch").asInt();
                double[] bypass = new double[2];
                double[] main = new double[2];
                assertThat(balance.wantsStatistic(unlocked)).as("step " + t).isEqualTo(expected.has("bypassSpeed"));
                if (balance.wantsStatistic(unlocked)) {
                    for (int m = 0; m < 2; m++) {
                        JsonNode g = step.get("modalities").get(m);
                        bypass[m] = GreedyBalance.speed(arrays(g.get("bypass").get("grads")), arrays(g.get("bypass").get("values")));
                        main[m] = GreedyBalance.speed(arrays(g.get("main").get("grads")), arrays(g.get("main").get("values")));
                        assertThat(bypass[m]).isCloseTo(expected.get("bypassSpeed").get(m).asDouble(), within(TOL));
                        assertThat(main[m]).isCloseTo(expected.get("mainSpeed").get(m).asDouble(), within(TOL));
                    }
                }
                int next = balance.afterBackward(unlocked, bypass, main);
                String at = cfg + " step " + t;
                assertThat(next).as(at).isEqualTo(expected.get("next").asInt());
                assertThat(balance.bdr(0)).as(at).isCloseTo(expected.get("bdr").get(0).asDouble(), within(TOL));
                assertThat(balance.bdr(1)).as(at).isCloseTo(expected.get("bdr").get(1).asDouble(), within(TOL));
                assertThat(balance.difference()).as(at).isCloseTo(expected.get("d").asDouble(), within(TOL));
            }
        }
    }

    @Test
    void regulatorSwitchesTheFusionAsNumpySays() {
        for (JsonNode c : fixture.get("cases")) {
            JsonNode cfg = c.get("config");
            var config = new GreedyConfig(GreedyConfig.Mode.STRONG, cfg.get("epsilon").asDouble(),
                    cfg.get("window").asInt(), cfg.get("startingEpoch").asInt(), 0.0);
            TestFusion.Switch fusion = TestFusion.curationSwitch();
            List<String> names = List.of("audio", "visual");
            var regulator = new Greedy(config);
            regulator.onTrainStart(GreedyPropertiesTest.context(names, fusion));
            for (int t = 0; t < fixture.get("steps").size(); t++) {
                JsonNode s = fixture.get("steps").get(t);
                TestStep.Builder b = TestStep.builder().clock(s.get("epoch").asInt(), 100, 0, 1);
                for (int m = 0; m < 2; m++) {
                    JsonNode g = s.get("modalities").get(m);
                    b.modality(names.get(m), mv -> mv.gradients(named(arrays(g.get("main").get("grads"))))
                            .parameters(named(arrays(g.get("main").get("values")))));
                    fusion.bypass(names.get(m), params(arrays(g.get("bypass").get("values")), arrays(g.get("bypass").get("grads"))));
                }
                TestStep step = b.build();
                regulator.regulate(step);
                int expected = c.get("expected").get(t).get("next").asInt();
                assertThat(fusion.curated().orElse(null)).as(cfg + " step " + t)
                        .isEqualTo(expected < 0 ? null : expected == 0 ? "audio" : "visual");
                assertThat(step.diagnostic("greedy.d")).isCloseTo(c.get("expected").get(t).get("d").asDouble(), within(TOL));
            }
        }
    }

    private static Map<String, INDArray> named(List<INDArray> arrays) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < arrays.size(); i++) {
            out.put("p" + i, arrays.get(i));
        }
        return out;
    }

    private static List<Param> params(List<INDArray> values, List<INDArray> grads) {
        List<Param> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            out.add(new Param("b" + i, values.get(i), grads.get(i)));
        }
        return out;
    }
}
