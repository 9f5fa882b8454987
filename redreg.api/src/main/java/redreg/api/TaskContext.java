package redreg.api;

import java.nio.file.Path;
import redreg.api.stability.Stable;

/**
 * Where a task runs.
 *
 * @param seed      the run's seed (sampling, augmentation, synthetic data)
 * @param baseDir   directory relative data paths are resolved against (the experiment file's folder)
 * @param cacheDir  directory for decoded-feature caches
 */
@Stable(since = "0.1")
public record TaskContext(long seed, Path baseDir, Path cacheDir) {

    public Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }
}
