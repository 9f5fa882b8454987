package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import redreg.api.internal.engine.checkpoint.ModelFile;

/**
 * Two run folders hold the same run: result.json, metrics.csv and diagnostics.csv byte for byte but for the
 * wall-clock fields ({@code seconds}, {@code msPerStep}: measurements, which two uninterrupted runs do not share
 * either) and the output folder; the final model tensor for tensor; no checkpoint or temporary file left.
 */
final class SameRun {
    private SameRun() {
    }

    static void assertSameRun(Path actual, Path expected) throws Exception {
        assertThat(resultWithoutClocks(actual)).isEqualTo(resultWithoutClocks(expected));
        assertThat(csvWithoutSeconds(actual.resolve("metrics.csv"))).isEqualTo(csvWithoutSeconds(expected.resolve("metrics.csv")));
        assertThat(Files.readAllBytes(actual.resolve("diagnostics.csv"))).isEqualTo(Files.readAllBytes(expected.resolve("diagnostics.csv")));
        // the final model too, tensor for tensor and state for state (index.json names each run's own folder)
        var a = ModelFile.read(actual.resolve("model.npz"));
        var b = ModelFile.read(expected.resolve("model.npz"));
        assertThat(a.arrays().keySet()).isEqualTo(b.arrays().keySet());
        a.arrays().forEach((k, v) -> assertThat(v).as(k).isEqualTo(b.arrays().get(k)));
        assertThat(a.blobs().keySet()).isEqualTo(b.blobs().keySet());
        a.blobs().forEach((k, v) -> assertThat(v).as(k).isEqualTo(b.blobs().get(k)));
        try (Stream<Path> files = Files.list(actual)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("checkpoint.npz")
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /** result.json's text with msPerStep and each epoch's seconds blanked (measurements, not results). */
    private static String resultWithoutClocks(Path runDir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode r = json.readTree(runDir.resolve("result.json").toFile());
        ((ObjectNode) r).put("msPerStep", 0);
        for (JsonNode epoch : r.get("epochs")) {
            ((ObjectNode) epoch).put("seconds", 0);
        }
        ((ObjectNode) r.get("config")).remove("output");
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(r);
    }

    /** The CSV's lines with the "seconds" column blanked. */
    private static List<String> csvWithoutSeconds(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        int col = Arrays.asList(lines.get(0).split(",", -1)).indexOf("seconds");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(",", -1);
            if (col >= 0 && col < f.length) {
                f[col] = "";
            }
            out.add(String.join(",", f));
        }
        return out;
    }
}
