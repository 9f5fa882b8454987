package redreg.api.internal.engine.runfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes leave no litter and read like any file; the run folder appears with the first file. */
class RunFilesTest {
    @TempDir
    Path dir;

    private Set<String> names(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTempFile() throws Exception {
        Path target = dir.resolve("metrics.csv");
        RunFiles.writeAtomically(target, "old\n");
        // the disk fills up half-way through the new content
        assertThatThrownBy(() -> RunFiles.writeAtomically(target, tmp -> {
            Files.writeString(tmp, "half of the new");
            throw new FileSystemException(tmp.toString(), null, "No space left on device");
        })).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write " + target + ": No space left on device");
        assertThat(target).hasContent("old");
        assertThat(names(dir)).containsExactly("metrics.csv");
        // an unchecked failure while producing the content cleans up the same way
        assertThatThrownBy(() -> RunFiles.writeAtomically(target, tmp -> {
            Files.writeString(tmp, "x");
            throw new IllegalStateException("encoder failed");
        })).hasMessage("encoder failed");
        assertThat(names(dir)).containsExactly("metrics.csv");
    }

    @Test
    void filesGetTheModeOfAnyNewFileNotCreateTempFiles0600() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path reference = Files.createFile(dir.resolve("reference"));   // mode = 0666 & ~umask
        Set<PosixFilePermission> umaskMode = Files.getPosixFilePermissions(reference);
        Path target = dir.resolve("result.json");
        RunFiles.writeAtomically(target, "{}");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(umaskMode);
        RunFiles.writeAtomically(target, "{\"again\": true}");   // replaced: still the same mode
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(umaskMode);
        if (umaskMode.contains(PosixFilePermission.OTHERS_READ)) {   // umask 022, the usual one
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void theRunFolderAppearsWithTheFirstFile() throws Exception {
        Path run = dir.resolve("out").resolve("tiny-0123456789ab");
        RunFiles files = new RunFiles(run);
        assertThat(dir.resolve("out")).doesNotExist();
        files.log("epoch 0");
        assertThat(run.resolve("run.log")).content(StandardCharsets.UTF_8).isEqualTo("epoch 0" + System.lineSeparator());
        files.writeJson("result.json", java.util.Map.of("a", 1));
        assertThat(names(run)).containsExactlyInAnyOrder("run.log", "result.json");
    }

    @Test
    void aFileWhereTheFolderShouldBeIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("runs"), "not a folder");
        RunFiles files = new RunFiles(file.resolve("tiny-0123456789ab"));
        assertThatThrownBy(() -> files.log("x")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot create run folder " + file.resolve("tiny-0123456789ab") + ": " + file
                        + " is a file, not a folder");
    }

    @Test
    void aRefusedWriteSaysPermissionDenied() {
        // what a read-only folder or file system gives a non-root user (root writes anyway: see below)
        Path target = dir.resolve("config.yaml");
        assertThatThrownBy(() -> RunFiles.writeAtomically(target, tmp -> {
            throw new java.nio.file.AccessDeniedException(tmp.toString());
        })).hasMessage("cannot write " + target + ": permission denied");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aReadOnlyFolderSaysPermissionDenied() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(ro), "root writes into read-only folders");
            Path target = ro.resolve("config.yaml");
            assertThatThrownBy(() -> RunFiles.writeAtomically(target, "a: 1"))
                    .hasMessage("cannot write " + target + ": permission denied");
            assertThat(names(ro)).isEmpty();
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
