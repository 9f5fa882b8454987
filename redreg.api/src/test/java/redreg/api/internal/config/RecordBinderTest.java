package redreg.api.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import redreg.api.ConfigException;
import redreg.api.experiment.ExperimentConfig;

class RecordBinderTest {
    public enum Variant { PAPER, REFERENCE_CODE }

    public record Inner(int window, double sigma) {
    }

    public record Sample(double beta, boolean gate, Variant variant, String note, Inner inner, List<Double> taus) {
    }

    private static final Sample DEFAULTS = new Sample(0.9, true, Variant.PAPER, "x", new Inner(10, 0.03), List.of(0.2));

    private static JsonNode yaml(String text) throws Exception {
        return YamlComposer.YAML.readTree(text);
    }

    private static Provenance where() {
        return new Provenance("exp.yaml");
    }

    @Test
    void bindsOntoDefaults() throws Exception {
        Sample s = RecordBinder.bind(Sample.class, DEFAULTS,
                yaml("{beta: 0.5, variant: reference-code, inner: {sigma: 0.1}, taus: [0.3, 0.4]}"), "regulator", where());
        assertThat(s).isEqualTo(new Sample(0.5, true, Variant.REFERENCE_CODE, "x", new Inner(10, 0.1), List.of(0.3, 0.4)));
        assertThat(Nodes.toNode(s).get("variant").asText()).isEqualTo("reference-code");
    }

    @Test
    void unknownKeyListsTheValidOnes() {
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{betta: 1}"), "regulator", where()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("exp.yaml: regulator.betta: unknown key; valid keys: beta, gate, variant, note, inner, taus");
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{inner: {windw: 3}}"), "regulator", where()))
                .hasMessage("exp.yaml: regulator.inner.windw: unknown key; valid keys: window, sigma");
    }

    @Test
    void wrongTypesAndBadEnumValuesNameTheKeyAndTheExpectation() {
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{beta: high}"), "regulator", where()))
                .hasMessage("exp.yaml: regulator.beta: expected a number, got 'high'");
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{gate: 1}"), "regulator", where()))
                .hasMessage("exp.yaml: regulator.gate: expected true or false, got '1'");
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{variant: code}"), "regulator", where()))
                .hasMessage("exp.yaml: regulator.variant: unknown value 'code'; valid values: paper, reference-code");
        assertThatThrownBy(() -> RecordBinder.bind(Inner.class, new Inner(1, 1), yaml("{window: 2.5}"), "x", where()))
                .hasMessage("exp.yaml: x.window: expected an integer, got '2.5'");
    }

    @Test
    void experimentDefaultsRoundTrip() {
        ExperimentConfig d = ExperimentConfig.defaults();
        ExperimentConfig back = RecordBinder.bind(ExperimentConfig.class, d, Nodes.toNode(d), "", where());
        assertThat(back).isEqualTo(d);
    }
}
