package redreg.example.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;
import redreg.api.experiment.Experiment;

/**
 * Research code that depends on redreg.api (and the plug-ins) gets no logging backend and no progress bar: both
 * are the application's choice, and the command line (redreg.bench) brings its own.
 */
class LibraryHygieneTest {

    @Test
    void redregApiForcesNoLoggingBackendAndNoProgressBar() throws Exception {
        assertThat(Experiment.class.getModule().getDescriptor().requires()).extracting(ModuleDescriptor.Requires::name)
                .doesNotContain("me.tongfei.progressbar", "ch.qos.logback.classic", "logback.classic");
        // nor do they come in through Maven: this module's test path has redreg.api's whole runtime closure
        assertThat(ModuleLayer.boot().findModule("me.tongfei.progressbar")).isEmpty();
        assertThatThrownBy(() -> Class.forName("me.tongfei.progressbar.ProgressBar"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("ch.qos.logback.classic.Logger"))
                .isInstanceOf(ClassNotFoundException.class);
        // the logging API DL4J needs is there (SLF4J falls back to its no-op logger without a backend)
        assertThat(Class.forName("org.slf4j.LoggerFactory")).isNotNull();
    }
}
