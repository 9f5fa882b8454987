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
