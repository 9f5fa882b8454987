package redreg.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content hashes of data files, cached per file by size and modification time. */
class DataFileHashesTest {
    @TempDir
    Path dir;

    @Test
    void hashesContentAndReusesTheCacheOnlyWhileSizeAndTimeAreUnchanged() throws Exception {
        Path data = dir.resolve("data.bin");
        Files.writeString(data, "abc");
        Path cache = dir.resolve("cache");
        DataFileHashes hashes = new DataFileHashes(cache);
        RunRecord.DataFile first = hashes.hash(data);
        // FIPS 180-2's test vector for "abc"
        assertThat(first.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(first.bytes()).isEqualTo(3);
        assertThat(first.path()).isEqualTo(data.toString());

        // the second look-up reads the cache entry, not the file: a doctored entry shows it
        List<Path> entries;
        try (var s = Files.list(cache.resolve("file-hashes"))) {
            entries = s.toList();
        }
        assertThat(entries).hasSize(1);
        Files.writeString(entries.get(0), Files.readString(entries.get(0)).replace(first.sha256(), "f".repeat(64)));
        assertThat(hashes.hash(data).sha256()).isEqualTo("f".repeat(64));

        // same size, new content and time: hashed again
        Files.writeString(data, "abd");
        Files.setLastModifiedTime(data, FileTime.fromMillis(Files.getLastModifiedTime(data).toMillis() + 5000));
        assertThat(hashes.hash(data).sha256()).isNotEqualTo("f".repeat(64))
                .isEqualTo("a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9");
        // files that are not there (a folder a task listed) are left out
        assertThat(hashes.of(List.of(data, dir.resolve("missing.npy"), dir))).hasSize(1);
    }
}
