package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.experiment.Configs;
import redreg.api.experiment.Experiment;

class ResolvedConfigTest {
    @TempDir
    Path dir;

    @Test
    void presetsAreResolvedIntoTheConfigAndTheHash() {
        Experiment paper = TinyExperiments.tiny(dir, "regulator.name=redreg");
        Experiment code = TinyExperiments.tiny(dir, "regulator.name=redreg", "regulator.variant=reference-code");
        assertThat(paper.resolvedConfig().at("/regulator/gamma").asDouble()).isEqualTo(0.5);
        assertThat(code.resolvedConfig().at("/regulator/gamma").asDouble()).isEqualTo(0.6);
        assertThat(code.resolvedConfig().at("/regulator/anchor").asText()).isEqualTo("epoch-start");
        assertThat(paper.hash()).isNotEqualTo(code.hash());
        // the same effective options spelled explicitly give the same run
        Experiment explicit = TinyExperiments.tiny(dir, "regulator.name=redreg", "regulator.gamma=0.5");
        assertThat(explicit.hash()).isEqualTo(paper.hash());
    }

    @Test
    void aResolvedConfigLoadsBackToTheSameRun() throws Exception {
        for (String[] o : new String[][] {{"regulator.name=redreg", "regulator.variant=reference-code"},
                {"regulator.name=inforeg"}, {"fusion.name=film"}, {"regulator.name=ogm-ge"}}) {
            Experiment e = TinyExperiments.tiny(dir, o);
            Path yaml = dir.resolve("resolved.yaml");
            Files.writeString(yaml, Configs.toYaml(e.resolvedConfig()));
            Experiment back = Experiment.load(yaml);
            assertThat(back.hash()).as(String.join(" ", o)).isEqualTo(e.hash());
            assertThat(back.resolvedConfig()).isEqualTo(e.resolvedConfig());
        }
    }
}
