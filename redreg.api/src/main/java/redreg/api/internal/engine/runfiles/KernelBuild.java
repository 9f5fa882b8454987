package redreg.api.internal.engine.runfiles;

import java.util.Map;

/**
 * Names ND4J's native kernel build actually in use (for the run banner and {@code result.json}): the library
 * JavaCPP loaded, plus whether DL4J's oneDNN layer helpers are on. The choice itself is made before ND4J loads,
 * by {@code redreg.nd4jshim.KernelSelection} (class-path jar {@code redreg-nd4j-shim}); see
 * module-docs/performance.md.
 */
public final class KernelBuild {
    private KernelBuild() {
    }

    /** e.g. {@code linux-x86_64-onednn-avx512 (oneDNN layer helpers on; auto from the CPU flags)}. */
    public static String describe() {
        String build = loadedBuild();
        boolean onednn = build.contains("onednn");
        boolean helpers = onednn && !Boolean.parseBoolean(
                System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "true"));
        String reason = System.getProperty("redreg.kernels.reason", "no kernel selection ran");
        return build + (onednn ? helpers ? " (oneDNN layer helpers on; " : " (oneDNN layer helpers OFF; " : " (")
                + reason + ")";
    }

    /** The platform folder of the loaded libnd4j (its jar's classifier), e.g. {@code linux-x86_64-onednn}. */
    public static String loadedBuild() {
        org.nd4j.linalg.factory.Nd4j.getBackend(); // make sure the native library is loaded
        for (Map.Entry<String, String> e : org.bytedeco.javacpp.Loader.getLoadedLibraries().entrySet()) {
            String path = e.getValue();
            if (e.getKey().startsWith("jnind4j") && path != null) {
                String[] parts = path.replace('\\', '/').split("/");
                return parts.length >= 2 ? parts[parts.length - 2] : path;
            }
        }
        return System.getProperty("redreg.kernels.selected", "unknown");
    }
}
