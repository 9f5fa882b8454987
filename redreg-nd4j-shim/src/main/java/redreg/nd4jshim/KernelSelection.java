package redreg.nd4jshim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nd4j.common.io.Resource;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Chooses ND4J's native kernel build from the CPU before ND4J loads it, for every way redreg starts (the
 * launcher, surefire, library use): ND4J discovers its backends through {@code ServiceLoader} and instantiates
 * every one before it loads a native library, so this never-available "backend" (lowest priority, never asked)
 * runs first and sets JavaCPP's {@code org.bytedeco.javacpp.platform.extension}.
 *
 * <p>Choice ({@code redreg.kernels} system property, else {@code REDREG_KERNELS}, else {@code auto}):
 * {@code auto} takes {@code -onednn-avx512} when the CPU has AVX-512 (F, CD, BW, DQ, VL), {@code -onednn} when
 * it has AVX2 + FMA + F16C, else the default build, and only among the builds whose jar is on the class path.
 * {@code default}, {@code onednn}, {@code onednn-avx512} force one. An extension the user set directly
 * ({@code -Dorg.bytedeco.javacpp.platform.extension}) is left alone. With a oneDNN build DL4J's oneDNN layer
 * helpers are switched on ({@code org.eclipse.deeplearning4j.helpers.disable=false}) unless set. The outcome is
 * left in the system properties {@value #SELECTED} and {@value #REASON} for the run banner.
 */
public final class KernelSelection extends Nd4jBackend {
    public static final String SELECTED = "redreg.kernels.selected";
    public static final String REASON = "redreg.kernels.reason";
    static final String EXTENSION = "org.bytedeco.javacpp.platform.extension";
    static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    static final String PLATFORM = "linux-x86_64";
    static final Set<String> AVX512 = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    static final Set<String> AVX2 = Set.of("avx2", "fma", "f16c");
    static final List<String> CHOICES = List.of("auto", "default", "onednn", "onednn-avx512");

    static {
        select();
    }

    public KernelSelection() {
        // ServiceLoader needs a public constructor; the work is done once, in the static initializer.
    }

    /** Decides once (idempotent); must run before anything loads ND4J's native library. */
    public static synchronized void select() {
        if (System.getProperty(SELECTED) != null) {
            return;
        }
        String preset = System.getProperty(EXTENSION);
        if (preset != null) {
            record(preset, "set by -D" + EXTENSION);
            return;
        }
        String wanted = System.getProperty("redreg.kernels", System.getenv().getOrDefault("REDREG_KERNELS", "auto"))
                .trim().toLowerCase(Locale.ROOT);
        if (!CHOICES.contains(wanted)) {
            System.err.println("redreg: REDREG_KERNELS / redreg.kernels = '" + wanted + "' is not a kernel build; valid: "
                    + String.join(", ", CHOICES) + " (using auto)");
            wanted = "auto";
        }
        Set<String> flags = cpuFlags();
        String extension = wanted.equals("auto") ? best(flags) : wanted.equals("default") ? "" : "-" + wanted;
        String reason = wanted.equals("auto") ? "auto from the CPU flags" : "REDREG_KERNELS=" + wanted;
        if (!extension.isEmpty() && !onClassPath(extension)) {
            System.err.println("redreg: kernel build " + PLATFORM + extension + " is not on the class path; using the default"
                    + " build (rebuild with -Dredreg.kernels=" + extension.substring(1) + ")");
            reason = "fallback: " + PLATFORM + extension + " jar missing";
            extension = "";
        } else if (!extension.isEmpty() && !supports(flags, extension)) {
            System.err.println("redreg: this CPU cannot run " + PLATFORM + extension + "; using the default build");
            reason = "fallback: CPU lacks " + (extension.endsWith("avx512") ? "AVX-512" : "AVX2");
            extension = "";
        }
        // Always set, "" included: left unset, JavaCPP loads the first build it finds among the preset's
        // extensions (measured: -onednn-avx512 whenever its jar is present, whatever the CPU).
        System.setProperty(EXTENSION, extension);
        if (!extension.isEmpty() && System.getProperty(HELPERS_DISABLE) == null) {
            System.setProperty(HELPERS_DISABLE, "false");
        }
        record(extension, reason);
    }

    private static void record(String extension, String reason) {
        System.setProperty(SELECTED, PLATFORM + extension);
        System.setProperty(REASON, reason);
    }

    /** The best oneDNN build this CPU runs and the class path holds, or "" for the default build. */
    static String best(Set<String> flags) {
        for (String ext : List.of("-onednn-avx512", "-onednn")) {
            if (supports(flags, ext) && onClassPath(ext)) {
                return ext;
            }
        }
        return "";
    }

    static boolean supports(Set<String> flags, String extension) {
        return flags.containsAll(extension.endsWith("avx512") ? AVX512 : AVX2);
    }

    static boolean onClassPath(String extension) {
        String lib = "org/nd4j/linalg/cpu/nativecpu/bindings/" + PLATFORM + extension + "/libnd4jcpu.so";
        return KernelSelection.class.getClassLoader().getResource(lib) != null;
    }

    /** The "flags" line of /proc/cpuinfo (Linux x86-64; anything else gets the default build). */
    static Set<String> cpuFlags() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Set.of();
        }
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))).orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    // ---- Nd4jBackend: never available, so ND4J never picks this one ----

    @Override
    public boolean allowsOrder() {
        return false;
    }

    @Override
    public int getPriority() {
        return -1_000_000; // sorted after every real backend: ND4J returns the CPU backend before asking this one
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public boolean canRun() {
        return false;
    }

    @Override
    public Resource getConfigurationResource() {
        throw new UnsupportedOperationException("not a backend");
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getNDArrayClass() {
        throw new UnsupportedOperationException("not a backend");
    }

    @Override
    public Environment getEnvironment() {
        throw new UnsupportedOperationException("not a backend");
    }

    @Override
    public String buildInfo() {
        return "redreg kernel selection (not a backend)";
    }

    @Override
    public void logBackendInit() {
        // nothing to log
    }
}
