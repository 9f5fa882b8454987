package redreg.bench.internal.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finished runs keyed by the hash of their resolved config: {@code <store>/<hash>/result.json}. A result file is
 * written to a temporary name and moved into place atomically by the run, so a file that is present and parses
 * is a finished run; anything else (a run killed midway) is run again.
 */
public final class RunStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public RunStore(Path dir) {
        this.dir = dir;
    }

    public Path runDir(String hash) {
        return dir.resolve(hash);
    }

    /** The finished result of a run, if any. */
    public Optional<JsonNode> result(String hash) {
        Path f = runDir(hash).resolve("result.json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            return n != null && n.has("metrics") ? Optional.of(n) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public boolean finished(String hash) {
        return result(hash).isPresent();
    }

    /** Forgets a run (for --force): its result is moved aside, never half-deleted. */
    public void invalidate(String hash) {
        Path f = runDir(hash).resolve("result.json");
        try {
            if (Files.exists(f)) {
                Files.move(f, runDir(hash).resolve("result.json.old"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
