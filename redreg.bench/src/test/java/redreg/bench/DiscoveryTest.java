package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import redreg.api.experiment.Registry;

class DiscoveryTest {

    @Test
    void providersFromSeveralModulesAreFoundOnTheModulePath() {
        Registry registry = Registry.discover();
        var joint = registry.regulator("joint", "test");
        var concat = registry.fusion("concat", "test");
        var synthetic = registry.task("synthetic", "test");
        assertThat(joint.getClass().getModule().getName()).isEqualTo("redreg.regulators");
        assertThat(concat.getClass().getModule().getName()).isEqualTo("redreg.fusion");
        assertThat(synthetic.getClass().getModule().getName()).isEqualTo("redreg.tasks");
        assertThat(Registry.class.getModule().isNamed()).isTrue();
        // Implementations stay in non-exported packages: only ServiceLoader reaches them.
        assertThat(joint.getClass().getModule().isExported(joint.getClass().getPackageName())).isFalse();
    }
}
