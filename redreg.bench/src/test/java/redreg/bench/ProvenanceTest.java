package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/**
 * Issue 18 (provenance typed): result.json says what the numbers rest on — the data files the task read with their
 * content hashes, the JVM, OS/arch, DL4J/ND4J, kernel build and thread count — next to the numbers themselves.
 */
class ProvenanceTest {
    @TempDir
    Path dir;

    @Test
    void resultJsonRecordsTheDataFilesTheRunReadAndWhereItRan() throws Exception {
        Path data = Path.of("..", "redreg.tasks", "src", "test", "resources", "fixtures", "npy-folder").toAbsolutePath()
                .normalize();
        Path exp = dir.resolve("npy.yaml");
        Files.writeString(exp, """
                name: npy
                task: {name: npy-folder, path: %s, modalities: [tabular]}
                model: {encoder: {kind: auto, width: 4, depth: 1, featureSize: 4}}
                training: {epochs: 2, batchSize: 4, diagnostics: false}
                output: {progress: false}
                """.formatted(data));
        RunResult r = Experiment.load(exp).runIn(dir.resolve("run"), new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()));
        JsonNode json = new ObjectMapper().readTree(r.runDir().resolve("result.json").toFile());

        // the numbers as before: the reported epoch's metrics, every epoch, the run's key
        assertThat(json.get("hash").asText()).isEqualTo(r.configHash());
        assertThat(json.get("metrics").get("accuracy").asDouble()).isEqualTo(r.accuracy());
        assertThat(json.get("epochs")).hasSize(2);
        assertThat(json.get("selectedEpoch").asInt()).isEqualTo(1);
        assertThat(json.get("fingerprint").has("redreg.api")).isTrue();

        // the files it read: dataset.yaml and the labels and the one modality of each split, nothing else
        List<String> read = new ArrayList<>();
        json.get("data").forEach(f -> read.add(f.get("path").asText()));
        assertThat(read).containsExactlyInAnyOrder(data.resolve("dataset.yaml").toString(),
                data.resolve("train/labels.npy").toString(), data.resolve("train/tabular.npy").toString(),
                data.resolve("test/labels.npy").toString(), data.resolve("test/tabular.npy").toString());
        for (JsonNode f : json.get("data")) {
            Path p = Path.of(f.get("path").asText());
            assertThat(f.get("bytes").asLong()).isEqualTo(Files.size(p));
            assertThat(f.get("sha256").asText()).as(p.toString()).isEqualTo(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        }

        JsonNode env = json.get("environment");
        Properties built = new Properties();
        try (var in = Cli.class.getResourceAsStream("/redreg/bench/version.properties")) {
            built.load(in);
        }
        assertThat(env.get("dl4j").asText()).isEqualTo(built.getProperty("dl4j"));
        assertThat(env.get("nd4j").asText()).isEqualTo(built.getProperty("dl4j"));
        assertThat(env.get("jvm").asText()).contains(System.getProperty("java.runtime.version"));
        assertThat(env.get("os").asText()).startsWith(System.getProperty("os.name"));
        assertThat(env.get("arch").asText()).isEqualTo(System.getProperty("os.arch"));
        assertThat(env.get("threads").asText()).isEqualTo(System.getenv().getOrDefault("OMP_NUM_THREADS", "all cores"));
        assertThat(json.get("kernels").asText()).isNotBlank();
    }
}
