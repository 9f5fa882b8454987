package redreg.api.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import redreg.api.ConfigException;

class YamlComposerTest {
    private static final Path DIR = Path.of("src/test/resources/yaml");

    @Test
    void childOverridesBaseKeyByKeyAndKeepsTheRest() {
        var c = YamlComposer.load(DIR.resolve("child.yaml"), List.of());
        assertThat(c.tree().get("name").asText()).isEqualTo("child");
        assertThat(c.tree().at("/training/epochs").asInt()).isEqualTo(7);
        assertThat(c.tree().at("/training/batchSize").asInt()).isEqualTo(16);
        assertThat(c.tree().at("/regulator/beta").asDouble()).isEqualTo(0.5);
        assertThat(c.tree().has("extends")).isFalse();
        assertThat(c.provenance().sourceOf("training.epochs")).endsWith("child.yaml");
        assertThat(c.provenance().sourceOf("training.batchSize")).endsWith("base.yaml");
    }

    @Test
    void overridesAreTypedAndApplyLast() {
        var c = YamlComposer.load(DIR.resolve("child.yaml"),
                List.of("training.epochs=2", "regulator.beta=0.25", "regulator.gate=false", "model.dtype=double"));
        assertThat(c.tree().at("/training/epochs").isInt()).isTrue();
        assertThat(c.tree().at("/training/epochs").asInt()).isEqualTo(2);
        assertThat(c.tree().at("/regulator/beta").asDouble()).isEqualTo(0.25);
        assertThat(c.tree().at("/regulator/gate").isBoolean()).isTrue();
        assertThat(c.tree().at("/model/dtype").asText()).isEqualTo("double");
        assertThat(c.provenance().sourceOf("training.epochs")).isEqualTo("override 'training.epochs=2'");
    }

    @Test
    void switchingPluginDropsTheOldPluginsOptions() {
        var file = YamlComposer.load(DIR.resolve("switch.yaml"), List.of());
        assertThat(file.tree().get("regulator").toString()).isEqualTo("{\"name\":\"joint\"}");
        var override = YamlComposer.load(DIR.resolve("base.yaml"), List.of("regulator.name=inforeg"));
        assertThat(override.tree().get("regulator").toString()).isEqualTo("{\"name\":\"inforeg\"}");
        var same = YamlComposer.load(DIR.resolve("base.yaml"), List.of("regulator.name=redreg"));
        assertThat(same.tree().at("/regulator/beta").asDouble()).isEqualTo(0.5);
    }

    @Test
    void badFilesAndOverridesFailWithOneLine() {
        assertThatThrownBy(() -> YamlComposer.load(DIR.resolve("missing.yaml"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.yaml")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> YamlComposer.load(DIR.resolve("cycle-a.yaml"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cycle");
        assertThatThrownBy(() -> YamlComposer.load(DIR.resolve("base.yaml"), List.of("seed")))
                .isInstanceOf(ConfigException.class).hasMessage("override 'seed': expected key.path=value");
    }
}
