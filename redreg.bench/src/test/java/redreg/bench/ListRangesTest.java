package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 15: {@code redreg list} shows the experiment's keys and every numeric key's range. */
class ListRangesTest {
    @Test
    void listShowsRangesOfExperimentAndPluginKeys() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"list"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.strip().startsWith("optimizer.momentum ")).findFirst().orElseThrow())
                .contains("range [0, 1)").contains("default 0.9");
        assertThat(text.lines().filter(l -> l.strip().startsWith("model.encoder.featureSize ")).findFirst()
                .orElseThrow()).contains("range >= 1");
        // the encoders' own keys, in their section
        String transformer = text.substring(text.indexOf("\nencoders:")).substring(text.substring(
                text.indexOf("\nencoders:")).indexOf("\n  transformer "));
        assertThat(transformer.lines().filter(l -> l.strip().startsWith("dropout ")).findFirst().orElseThrow())
                .contains("range [0, 1)").contains("default 0.1");
        // OGM-GE's alpha: the first alpha line after the ogm-ge entry (agm and others have one too)
        String ogm = text.substring(text.indexOf("\n  ogm-ge "));
        assertThat(ogm.lines().filter(l -> l.strip().startsWith("alpha ")).findFirst().orElseThrow())
                .contains("range >= 0").contains("default 0.8");
        assertThat(text.lines().filter(l -> l.strip().startsWith("standardize ")).count()).as("one per task").isEqualTo(6);
    }
}
