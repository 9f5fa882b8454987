package redreg.api.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import redreg.api.internal.engine.runfiles.RunFiles;

/** A run's key: the hash of everything in its resolved config that changes the numbers. */
final class RunHash {
    private RunHash() {
    }

    /**
     * Keys added later (section.key) and the values every run had before them (a task's target: synthetic's
     * classification, cmu-mosi's binary); at such a value the key stays out of the hash.
     */
    static final Map<String, java.util.Set<String>> LATER_KEYS = Map.of("losses.regression",
            java.util.Set.of("mse"), "task.target", java.util.Set.of("classification", "binary"));

    /** The first 12 hex digits of SHA-256 over the resolved config's JSON, name and output section excluded. */
    static String of(ObjectNode resolved) {
        ObjectNode keyed = resolved.deepCopy();
        keyed.remove("output");
        keyed.remove("name");
        // when checkpoints are written does not change the numbers (and older runs keep their hashes)
        if (keyed.get("training") instanceof ObjectNode training) {
            training.remove("checkpointEvery");
        }
        // keys added after runs were made (issue 19's objectives) stay out at the value that was implied before
        // them, so those runs keep their folders
        LATER_KEYS.forEach((key, implied) -> {
            int dot = key.indexOf('.');
            if (keyed.get(key.substring(0, dot)) instanceof ObjectNode section
                    && implied.contains(section.path(key.substring(dot + 1)).asText(""))) {
                section.remove(key.substring(dot + 1));
            }
        });
        try {
            byte[] json = RunFiles.JSON.writeValueAsString(keyed).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 12);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
