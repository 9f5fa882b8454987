package redreg.api.internal.engine.runfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files of a run folder; every file is written whole to a temporary name and moved into place atomically.
 * The folder is created by the first write, so a run that fails before it writes (a task that cannot load its
 * data) leaves nothing behind. Failures are {@link UncheckedIOException}s whose message is one line for the user:
 * the path and the reason ("cannot write runs/x/config.yaml: No space left on device").
 */
public final class RunFiles {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    public RunFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** What fills the temporary file of {@link #writeAtomically(Path, Content)}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    public static void writeAtomically(Path target, String content) {
        writeAtomically(target, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code target} whole: {@code content} fills a temporary file beside it, which is then moved into place.
     * The temporary file gets the mode of any new file (the umask's, 0644 under umask 022; not the 0600 of
     * {@code Files.createTempFile}), so colleagues on a shared file system can read the results. On failure it is
     * removed and {@code target} keeps its old content.
     */
    public static void writeAtomically(Path target, Content content) {
        Path parent = target.toAbsolutePath().getParent();
        createFolder(parent, "folder");
        Path tmp = null;
        try {
            tmp = newTempFile(parent, "." + target.getFileName());
            content.writeTo(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static Path newTempFile(Path dir, String prefix) throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        while (true) {
            try {
                return Files.createFile(dir.resolve(prefix + "." + Long.toHexString(random.nextLong()) + ".tmp"));
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // another writer picked the same random name: draw again
            }
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; that failure is the one to report
            }
        }
    }

    /** Creates a folder (and its parents); a failure names the folder and why, e.g. a file in its way. */
    public static void createFolder(Path folder, String what) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    throw new UncheckedIOException("cannot create " + what + " " + folder + ": " + p
                            + " is a file, not a folder", e);
                }
            }
            throw new UncheckedIOException("cannot create " + what + " " + folder + ": " + reason(e), e);
        }
    }

    /** The reason of an I/O failure in words: "permission denied", the OS's text ("No space left on device"). */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file or folder";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Writes a whole file of the run folder (YAML the facade rendered, say) atomically. */
    public void writeText(String name, String content) {
        writeAtomically(file(name), content);
    }

    public void writeJson(String name, Object value) {
        try {
            writeAtomically(file(name), JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the run folder, creating the folder on first use. */
    Path file(String name) {
        createFolder(dir, "run folder");
        return dir.resolve(name);
    }

    public void log(String line) {
        append("run.log", line + System.lineSeparator());
    }

    /** Appends text to a file of the run folder (logs and CSV rows grow; they are not results). */
    public void append(String name, String text) {
        Path target = file(name);
        try {
            Files.writeString(target, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }
}
