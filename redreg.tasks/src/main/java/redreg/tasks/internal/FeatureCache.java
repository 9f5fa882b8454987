package redreg.tasks.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import redreg.api.TaskContext;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import redreg.tasks.internal.io.Npy;
import redreg.tasks.internal.io.NpyWriter;

/**
 * Decoded features on disk: {@code <cacheDir>/<task>/<key>/} holds one {@code .npy} per array and a {@code DONE}
 * marker; the folder is written under a temporary name and renamed into place, so a half-written cache is never
 * read. The key is a hash of everything the features depend on (source bytes or file stamps, options, version).
 */
public final class FeatureCache {
    private final Path dir;
    private final TaskContext context;

    /** Under the context's cache folder; the files a hit reads count as the run's data files. */
    public FeatureCache(TaskContext context, String task, String keyText) {
        this.context = context;
        this.dir = context.cacheDir().resolve(task).resolve(sha256(keyText).substring(0, 20));
    }

    public Path dir() {
        return dir;
    }

    /** The cached arrays, or null when the cache is absent or incomplete. */
    public Map<String, Npy.Array> load(List<String> names) {
        if (!Files.isRegularFile(dir.resolve("DONE"))) {
            return null;
        }
        Map<String, Npy.Array> out = new LinkedHashMap<>();
        try {
            for (String n : names) {
                out.put(n, Npy.read(context.read(dir.resolve(n + ".npy"))));
            }
        } catch (RuntimeException e) {
            context.progress("redreg: ignoring a damaged feature cache " + dir + ": " + e.getMessage());
            return null;
        }
        return out;
    }

    /** Writes the arrays (float tensors or int labels); failures only warn: the cache is an optimisation. */
    public void store(Map<String, Object> arrays) {
        Path tmp = null;
        try {
            Files.createDirectories(dir.getParent());
            tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
            for (var e : arrays.entrySet()) {
                Path f = tmp.resolve(e.getKey() + ".npy");
                if (e.getValue() instanceof Tensor t) {
                    NpyWriter.write(f, t.data(), t.shape());
                } else if (e.getValue() instanceof int[] labels) {
                    NpyWriter.write(f, labels, labels.length);
                } else {
                    throw new IllegalArgumentException("cannot cache " + e.getValue().getClass());
                }
            }
            Files.writeString(tmp.resolve("DONE"), "ok\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            // another run stored the same features first
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) {
                context.progress("redreg: cannot write the feature cache " + dir + ": " + e);
            }
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A float tensor from a cached array. */
    public static Tensor tensor(Npy.Array a) {
        return new Tensor(a.floats(), a.shape());
    }

    /** Labels from a cached array. */
    public static int[] labels(Npy.Array a) {
        long[] l = a.longs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = (int) l[i];
        }
        return out;
    }
}
