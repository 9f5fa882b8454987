package redreg.api.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import redreg.api.internal.engine.runfiles.RunFiles;

/**
 * SHA-256 of the data files a run read, cached per file by size and modification time under
 * {@code <cache>/file-hashes/} (one small JSON file per data file, so parallel runs never race on one index): a
 * dataset is read through once, later runs look its hashes up.
 */
final class DataFileHashes {
    private final Path cache;

    DataFileHashes(Path cacheDir) {
        this.cache = cacheDir.resolve("file-hashes");
    }

    List<RunRecord.DataFile> of(List<Path> files) {
        List<RunRecord.DataFile> out = new ArrayList<>();
        for (Path f : files) {
            if (Files.isRegularFile(f)) {
                out.add(hash(f));
            }
        }
        return out;
    }

    RunRecord.DataFile hash(Path file) {
        try {
            long bytes = Files.size(file);
            long mtime = Files.getLastModifiedTime(file).toMillis();
            Path entry = cache.resolve(sha256(file.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 24) + ".json");
            if (Files.isRegularFile(entry)) {
                JsonNode e = RunFiles.JSON.readTree(entry.toFile());
                if (e.path("path").asText().equals(file.toString()) && e.path("bytes").asLong(-1) == bytes
                        && e.path("mtime").asLong(-1) == mtime && e.hasNonNull("sha256")) {
                    return new RunRecord.DataFile(file.toString(), bytes, e.get("sha256").asText());
                }
            }
            String sha;
            try (InputStream in = Files.newInputStream(file)) {
                MessageDigest md = digest();
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md.update(buffer, 0, n);
                }
                sha = HexFormat.of().formatHex(md.digest());
            }
            try {
                RunFiles.writeAtomically(entry, RunFiles.JSON.writeValueAsString(
                        Map.of("path", file.toString(), "bytes", bytes, "mtime", mtime, "sha256", sha)));
            } catch (UncheckedIOException | IOException e) {
                // an unwritable cache costs the next run a re-read, never this run its record
            }
            return new RunRecord.DataFile(file.toString(), bytes, sha);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash the data file " + file + ": " + RunFiles.reason(e), e);
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
