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
    void unknownKeyListsTheValidOnesAndSuggestsTheClosest() {
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{betta: 1}"), "regulator", where()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("exp.yaml: regulator.betta: unknown key; did you mean 'beta'? valid keys: beta, gate,"
                        + " variant, note, inner, taus");
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{inner: {windw: 3}}"), "regulator", where()))
                .hasMessage("exp.yaml: regulator.inner.windw: unknown key; did you mean 'window'? valid keys: window, sigma");
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{alpha: 1}"), "regulator", where()))
                .hasMessage("exp.yaml: regulator.alpha: unknown key; valid keys: beta, gate, variant, note, inner, taus");
    }

    /** A record whose own check names a key (relative to the record) or none. */
    public record Checked(int from, int to) {
        public Checked {
            if (to < from) {
                throw ConfigException.at("to", "must not be before from, got " + to + " < " + from);
            }
            if (from < 0) {
                throw new ConfigException("from and to must be positive");
            }
        }
    }

    @Test
    void aRecordsOwnCheckIsLocatedByItsKeyNotByItsText() {
        Provenance where = where();
        where.record("regulator", "base.yaml");
        where.record("regulator.to", "override 'regulator.to=1'");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> RecordBinder.bind(Checked.class, new Checked(0, 5), yaml("{from: 3, to: 1}"), "regulator", where));
        assertThat(e.path()).isEqualTo("regulator.to");
        assertThat(e.source()).isEqualTo("override 'regulator.to=1'");
        assertThat(e.problem()).isEqualTo("must not be before from, got 1 < 3");
        assertThat(e).hasMessage("override 'regulator.to=1': regulator.to: must not be before from, got 1 < 3");
        // a problem of no key is the record's, blamed on whoever set the record
        assertThatThrownBy(() -> RecordBinder.bind(Checked.class, new Checked(0, 5), yaml("{from: -2}"), "regulator", where))
                .hasMessage("base.yaml: regulator: from and to must be positive");
        // a message that merely starts like a key is not read as one
        ConfigException text = new ConfigException("to: looks like a key");
        assertThat(RecordBinder.locateKey(text, "task", where)).isSameAs(text).hasMessage("to: looks like a key");
    }

    @Test
    void theMessageIsBuiltFromTheParts() {
        ConfigException e = ConfigException.at("shape[1]", "expected an integer at least 1, got 0");
        assertThat(e).hasMessage("shape[1]: expected an integer at least 1, got 0");
        e.prependPath("modalities[0]").prependPath("task").withSource("exp.yaml").withSource("ignored.yaml");
        assertThat(e.path()).isEqualTo("task.modalities[0].shape[1]");
        assertThat(e).hasMessage("exp.yaml: task.modalities[0].shape[1]: expected an integer at least 1, got 0");
        assertThat(ConfigException.at("[2]", "x").prependPath("seeds").path()).isEqualTo("seeds[2]");
        assertThat(new ConfigException("no key").prependPath("fusion").path()).isEqualTo("fusion");
        assertThat(new ConfigException("whole line")).hasMessage("whole line");
        assertThat(new ConfigException("whole line").path()).isNull();
    }

    @Test
    void didYouMeanSuggestsOnlyALikelyTypo() {
        List<String> keys = List.of("epochs", "batchSize", "evalBatchSize", "validation", "lr");
        assertThat(ConfigException.didYouMean("epoch", keys)).isEqualTo("did you mean 'epochs'? ");
        assertThat(ConfigException.didYouMean("batchsize", keys)).as("case").isEqualTo("did you mean 'batchSize'? ");
        assertThat(ConfigException.didYouMean("valdiation", keys)).as("swap").isEqualTo("did you mean 'validation'? ");
        assertThat(ConfigException.didYouMean("lt", keys)).isEqualTo("did you mean 'lr'? ");
        assertThat(ConfigException.didYouMean("momentum", keys)).isEmpty();
        assertThat(ConfigException.didYouMean("x", keys)).as("one letter is no typo of two").isEmpty();
        assertThat(ConfigException.didYouMean("cnnn", List.of("auto", "cnn", "mlp"))).isEqualTo("did you mean 'cnn'? ");
        assertThat(ConfigException.didYouMean("evalBatchSiez", keys)).isEqualTo("did you mean 'evalBatchSize'? ");
    }

    @Test
    void wrongTypesAndBadEnumValuesNameTheKeyAndTheExpectation() {
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{beta: high}"), "regulator", where()))
                .hasMessage("exp.yaml: regulator.beta: expected a number, got 'high'");
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{gate: 1}"), "regulator", where()))
                .hasMessage("exp.yaml: regulator.gate: expected true or false, got '1'");
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{variant: code}"), "regulator", where()))
                .hasMessage("exp.yaml: regulator.variant: unknown value 'code'; valid values: paper, reference-code");
        assertThatThrownBy(() -> RecordBinder.bind(Sample.class, DEFAULTS, yaml("{variant: papr}"), "regulator", where()))
                .hasMessage("exp.yaml: regulator.variant: unknown value 'papr'; did you mean 'paper'? valid values: paper,"
                        + " reference-code");
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
