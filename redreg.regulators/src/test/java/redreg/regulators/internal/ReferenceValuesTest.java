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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.api.experiment.Registry;
import redreg.testkit.TestContext;
import redreg.testkit.TestStep;

/**
 * Every regulator against values computed independently by {@code reference/regulators_reference.py} (numpy,
 * with a replica of java.util.Random for the noise draws); the script and its output are committed.
 */
class ReferenceValuesTest {
    private static final double TOL = 1e-6;
    private static JsonNode fixture;

    static Stream<Arguments> cases() throws Exception {
        try (InputStream in = ReferenceValuesTest.class.getResourceAsStream("/reference/reference.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : fixture.get("cases")) {
            out.add(Arguments.of(c.get("regulator").asText() + " " + c.get("config").toString(), c));
        }
        return out.stream();
    }

    static INDArray array(JsonNode n) {
        List<Long> shape = new ArrayList<>();
        JsonNode cur = n;
        while (cur.isArray()) {
            shape.add((long) cur.size());
            cur = cur.get(0);
        }
        List<Double> values = new ArrayList<>();
        flatten(n, values);
        return Nd4j.create(values.stream().mapToDouble(Double::doubleValue).toArray(),
                shape.stream().mapToLong(Long::longValue).toArray(), DataType.DOUBLE);
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add(n.asDouble());
        }
    }

    static Map<String, INDArray> tensors(JsonNode n) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), array(e.getValue())));
        return m;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Regulator create(JsonNode c) {
        RegulatorProvider provider = switch (c.get("regulator").asText()) {
            case "redreg" -> new RedRegProvider();
            case "inforeg" -> new InfoRegProvider();
            default -> new OgmGeProvider();
        };
        return provider.create(Registry.bind(provider, c.get("config")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheIndependentComputation(String name, JsonNode c) {
        Regulator regulator = create(c);
        List<String> mods = List.of("audio", "visual");
        int epochs = fixture.get("epochs").asInt();
        int perEpoch = fixture.get("stepsPerEpoch").asInt();
        long seed = fixture.get("seed").asLong();
        JsonNode steps = fixture.get("steps");
        Map<String, Map<String, INDArray>> live = new LinkedHashMap<>();
        for (String m : mods) {
            live.put(m, tensors(steps.get(0).get("modalities").get(m).get("parameters")));
        }
        TestContext ctx = TestContext.builder().modalities(mods).parameters(live).epochs(epochs).stepsPerEpoch(perEpoch)
                .seed(seed).build();
        regulator.onTrainStart(ctx);
        for (int t = 0; t < steps.size(); t++) {
            JsonNode s = steps.get(t);
            for (String m : mods) {
                tensors(s.get("modalities").get(m).get("parameters")).forEach((k, v) -> live.get(m).get(k).assign(v));
            }
            if (t % perEpoch == 0) {
                ctx.setEpoch(t / perEpoch);
                regulator.onEpochStart(ctx);
            }
            TestStep step = step(s, mods, live, t, epochs, perEpoch, seed);
            regulator.regulate(step);
            JsonNode expected = c.get("expected").get(t);
            int at = t;
            expected.get("diagnostics").fields().forEachRemaining(e -> {
                if (!e.getKey().startsWith("check.")) {
                    assertThat(step.diagnostics()).as("step %d: %s", at, e.getKey()).containsKey(e.getKey());
                    assertThat(step.diagnostic(e.getKey())).as("step %d: %s", at, e.getKey())
                            .isCloseTo(e.getValue().asDouble(), within(TOL));
                }
            });
            for (String m : mods) {
                Map<String, INDArray> want = tensors(expected.get("gradients").get(m));
                for (var g : step.modality(m).gradients().entrySet()) {
                    double err = g.getValue().sub(want.get(g.getKey())).amaxNumber().doubleValue();
                    assertThat(err).as("step %d: %s gradient %s", t, m, g.getKey()).isLessThan(TOL);
                }
            }
            if (t % perEpoch == perEpoch - 1) {
                regulator.onEpochEnd(ctx, Map.of());
                if (c.has("windows") && regulator instanceof InfoReg info) {
                    JsonNode w = c.get("windows").get(t / perEpoch);
                    for (String m : mods) {
                        assertThat(info.windowOpen(m)).as("window of %s after epoch %d", m, t / perEpoch)
                                .isEqualTo(w.get(m).asBoolean());
                    }
                }
            }
        }
    }

    static TestStep step(JsonNode s, List<String> mods, Map<String, Map<String, INDArray>> live, int t, int epochs,
                         int perEpoch, long seed) {
        int[] labels = new int[s.get("labels").size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = s.get("labels").get(i).asInt();
        }
        TestStep.Builder step = TestStep.builder().labels(labels).clock(t, epochs, perEpoch).seed(seed);
        for (String m : mods) {
            JsonNode n = s.get("modalities").get(m);
            step.modality(m, fm -> fm.input(array(n.get("input"))).features(array(n.get("features")))
                    .probabilities(array(n.get("probabilities"))).gradients(tensors(n.get("gradients")))
                    .fusedGradients(tensors(n.get("fusedGradients"))).parameters(live.get(m))
                    .encoder(array(fixture.get("encoders").get(m))));
        }
        return step.build();
    }
}
