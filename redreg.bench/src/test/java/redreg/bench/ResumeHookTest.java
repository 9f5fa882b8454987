package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redreg.api.Plugin;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.api.experiment.Registry;

/**
 * Resume inside a run needs every regulator's state: each shipped regulator implements {@link Regulator#saveState},
 * or its guide page says that resume restarts the run.
 */
class ResumeHookTest {

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyShippedRegulatorSavesItsStateOrSaysResumeRestarts() throws Exception {
        List<String> missing = new ArrayList<>();
        for (RegulatorProvider<?> provider : Registry.discover().regulators()) {
            Plugin plugin = (Plugin) provider;
            Regulator r = ((RegulatorProvider) provider).create(plugin.defaults());
            boolean hooked = r.getClass().getMethod("saveState", PluginState.class).getDeclaringClass() != Regulator.class;
            if (!hooked && !pageSaysRestart(provider.name())) {
                missing.add(provider.name());
            }
        }
        assertThat(missing).as("regulators with neither a saveState hook nor 'resume restarts the run' on their page")
                .isEmpty();
    }

    private static boolean pageSaysRestart(String name) throws IOException {
        Path page = Path.of("..", "module-docs", "regulators", name + ".md");
        return Files.exists(page) && Files.readString(page).contains("resume restarts the run");
    }
}
