package redreg.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import redreg.api.stability.Stable;

/**
 * Where a task runs.
 *
 * @param seed      the run's seed (sampling, augmentation, synthetic data)
 * @param baseDir   directory relative data paths are resolved against (the experiment file's folder)
 * @param cacheDir  directory for decoded-feature caches
 * @param messages  where the task's progress lines go ({@link #progress}): the run's console, not the task's choice
 * @param reads     the data files the task read ({@link #read}); the run's {@code result.json} records their
 *                  content hashes
 */
@Stable(since = "0.1")
public record TaskContext(long seed, Path baseDir, Path cacheDir, Consumer<String> messages, Reads reads) {

    /** Progress to standard error, reads recorded. */
    public TaskContext(long seed, Path baseDir, Path cacheDir) {
        this(seed, baseDir, cacheDir, System.err::println, new Reads());
    }

    public Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    /** A task's progress line ("features loaded from cache in 0.2 s"), shown where the run shows its progress. */
    public void progress(String line) {
        messages.accept(line);
    }

    /** Notes that the task reads {@code file} (its content hash goes into the run's provenance); returns it. */
    public Path read(Path file) {
        reads.add(file);
        return file;
    }

    /** The data files a task read, in first-read order; safe to add to from several threads. */
    public static final class Reads {
        private final Set<Path> files = new LinkedHashSet<>();

        synchronized void add(Path file) {
            files.add(file.toAbsolutePath().normalize());
        }

        public synchronized List<Path> files() {
            return new ArrayList<>(files);
        }
    }
}
