package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.experiment.RunResult;

class DeterminismTest {
    @TempDir
    Path dir;

    private JsonNode metrics(RunResult r) throws Exception {
        JsonNode json = new ObjectMapper().readTree(r.runDir().resolve("result.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).remove("msPerStep");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("config")).remove("output");
        for (JsonNode epoch : json.get("epochs")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) epoch).remove("seconds");
        }
        return json;
    }

    @Test
    void aDivergingRunStopsAndSaysSo() throws Exception {
        // a learning rate no model survives: the loss turns non-finite within the first epoch
        RunResult r = TinyExperiments.tiny(dir.resolve("d"), "training.epochs=3", "model.dtype=float", "optimizer.lr=1.0e30",
                "optimizer.momentum=0.9").run(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(r.diverged()).startsWith("non-finite loss at epoch 0");
        assertThat(r.epochs()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(r.runDir().resolve("result.json").toFile());
        assertThat(json.get("diverged").asText()).isEqualTo(r.diverged());
        assertThat(Files.readString(r.runDir().resolve("run.log"))).contains("diverged: non-finite loss");
        RunResult fine = TinyExperiments.tiny(dir.resolve("f"), "training.epochs=1")
                .run(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(fine.diverged()).isNull();
    }

    @Test
    void sameSeedGivesIdenticalResults() throws Exception {
        String[] o = {"training.epochs=2", "model.dtype=float", "losses.unimodal=true"};
        RunResult a = TinyExperiments.tiny(dir.resolve("a"), o).run(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        RunResult b = TinyExperiments.tiny(dir.resolve("b"), o).run(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(metrics(a)).isEqualTo(metrics(b));
        assertThat(Files.readString(a.diagnosticsCsv())).isEqualTo(Files.readString(b.diagnosticsCsv()));
        RunResult c = TinyExperiments.tiny(dir.resolve("c"), "training.epochs=2", "model.dtype=float",
                "losses.unimodal=true", "seed=4").run(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(Files.readString(c.diagnosticsCsv())).isNotEqualTo(Files.readString(a.diagnosticsCsv()));
    }
}
