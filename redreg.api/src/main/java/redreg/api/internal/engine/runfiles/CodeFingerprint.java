package redreg.api.internal.engine.runfiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Content hashes of the code a run used, recorded in its {@code result.json} so that a table can tell a result
 * produced by older code ("stale") from a current one. One entry per module — {@code redreg.api} (the engine) and
 * the modules of the run's task, fusion and regulator plug-ins — keyed by module name (a plug-in on the class path
 * is keyed {@code class-path:<file name>}).
 *
 * <p>The hash covers the entries' names and bytes, sorted, not the jar file itself: a rebuild that changes nothing
 * keeps the hash (jar timestamps and Maven's metadata are ignored), and a jar and its exploded classes folder hash
 * alike.
 */
public final class CodeFingerprint {
    private static final String CLASS_PATH = "class-path:";
    /** Code does not change under a running JVM's loaded classes; hash each location once. */
    private static final Map<Path, String> HASHES = new ConcurrentHashMap<>();

    private CodeFingerprint() {
    }

    /** {@code module → hash} for redreg.api and the modules the given classes come from. */
    public static Map<String, String> of(Class<?>... classes) {
        Map<String, String> out = new TreeMap<>();
        List<Class<?>> all = new ArrayList<>(List.of(classes));
        all.add(0, CodeFingerprint.class);
        for (Class<?> c : all) {
            Path location = location(c);
            if (location != null) {
                out.put(key(c.getModule(), location), hash(location));
            }
        }
        return out;
    }

    /** The hash of a module (or class-path entry) as this JVM would load it now; empty when it is not there. */
    public static Optional<String> current(String key) {
        if (key.startsWith(CLASS_PATH)) {
            String name = key.substring(CLASS_PATH.length());
            for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                if (!entry.isEmpty() && p.getFileName() != null && p.getFileName().toString().equals(name)) {
                    return Optional.of(hash(p));
                }
            }
            return Optional.empty();
        }
        return ModuleLayer.boot().configuration().findModule(key)
                .flatMap(m -> m.reference().location())
                .filter(uri -> uri.getScheme().equals("file"))
                .map(uri -> hash(Path.of(uri)));
    }

    private static String key(Module module, Path location) {
        return module.isNamed() ? module.getName() : CLASS_PATH + location.getFileName();
    }

    private static Path location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** SHA-256 (first 16 hex digits) over the sorted (entry name, entry bytes) of a jar or a classes folder. */
    public static String hash(Path location) {
        Path key = location.toAbsolutePath().normalize();
        return HASHES.computeIfAbsent(key, CodeFingerprint::compute);
    }

    private static String compute(Path location) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : entries(location).entrySet()) {
                digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(MessageDigest.getInstance("SHA-256").digest(e.getValue()));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location + " to fingerprint it", e);
        }
    }

    private static Map<String, byte[]> entries(Path location) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String name = location.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                    if (counts(name)) {
                        out.put(name, Files.readAllBytes(f));
                    }
                }
            }
            return out;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                if (!e.isDirectory() && counts(e.getName())) {
                    try (InputStream in = jar.getInputStream(e)) {
                        out.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return out;
    }

    /** Build metadata that changes with every package, not with the code. */
    private static boolean counts(String name) {
        return !name.startsWith("META-INF/maven/") && !name.equals("META-INF/MANIFEST.MF");
    }

    /** For messages: the entries of {@code recorded} whose current hash differs, as {@code module} names. */
    public static List<String> changed(Map<String, String> recorded) {
        List<String> out = new ArrayList<>();
        new LinkedHashMap<>(recorded).forEach((module, hash) -> {
            if (!current(module).map(hash::equals).orElse(false)) {
                out.add(module);
            }
        });
        return out;
    }
}
