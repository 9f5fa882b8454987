package redreg.api.internal.engine.runfiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redreg.api.ConfigException;

/**
 * Which GPUs the CUDA build ({@code -Pcuda}: {@code org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1}) can run on, checked before
 * ND4J loads its backend. Its {@code libnd4jcuda.so} carries CUDA cubins for the architectures in {@link #CUBINS}
 * and no PTX (CudaFatbinTest reads them from the jar's fatbin headers), so the driver cannot compile its kernels
 * for a newer GPU, and a cubin runs only on GPUs of its own major version and at least its minor one: compute
 * capability 3.7 and 5.0–8.9 work (Kepler K80, Maxwell … Ampere A100 8.0, RTX 30xx 8.6, Ada 8.9); Hopper (9.0,
 * H100/H200) and newer do not.
 */
public final class CudaSupport {
    /** sm_XY of every cubin in the CUDA library (ascending). */
    public static final List<Integer> CUBINS = List.of(37, 50, 52, 60, 61, 70, 75, 80, 86);
    /** Whether the library carries PTX the driver could compile for a newer GPU: it does not. */
    public static final boolean PTX = false;
    private static final String CUDA_BACKEND = "org/nd4j/linalg/jcublas/JCublasBackend.class";
    /** The GPUs a check passed (once per JVM: the machine does not change under a run). */
    private static String checked;

    private CudaSupport() {
    }

    /** One GPU as {@code nvidia-smi} lists it. */
    public record Gpu(int index, String name, int major, int minor) {
        String capability() {
            return major + "." + minor;
        }
    }

    /** Whether this build is the CUDA one: ND4J's CUDA backend on the class path (looked up, not loaded). */
    public static boolean cudaBuild() {
        return CudaSupport.class.getClassLoader() != null
                && CudaSupport.class.getClassLoader().getResource(CUDA_BACKEND) != null;
    }

    /** Whether a GPU of compute capability major.minor can run one of the cubins (same major, minor at least). */
    public static boolean runs(int major, int minor) {
        return CUBINS.stream().anyMatch(sm -> sm / 10 == major && sm % 10 <= minor);
    }

    /** "sm_37, 50, 52, …, 86". */
    static String cubinList() {
        return "sm_" + CUBINS.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** The one line refusing the first GPU the library cannot run, or empty when all can. */
    public static Optional<String> refusal(List<Gpu> gpus) {
        for (Gpu g : gpus) {
            if (!runs(g.major(), g.minor())) {
                return Optional.of("GPU " + g.index() + " (" + g.name() + ") has compute capability " + g.capability()
                        + ", which the CUDA build (nd4j-cuda-11.6 1.0.0-M2.1) cannot run: its kernels are cubins for "
                        + cubinList() + " with no PTX, so they run on compute capability " + runnable() + " only"
                        + " (see module-docs/performance.md; build without -Pcuda to train on the CPU)");
            }
        }
        return Optional.empty();
    }

    /**
     * {@code nvidia-smi --query-gpu=index,name,compute_cap --format=csv,noheader} parsed, keeping the GPUs
     * {@code CUDA_VISIBLE_DEVICES} leaves visible (numeric indices; anything else keeps all).
     */
    static List<Gpu> parse(String csv, String visible) {
        Set<String> keep = visible == null || visible.isBlank() || !visible.matches("[0-9, ]+") ? null
                : Set.of(visible.replace(" ", "").split(","));
        List<Gpu> out = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            String[] f = line.split(",");
            if (f.length < 3) {
                continue;
            }
            String[] cc = f[f.length - 1].trim().split("\\.");
            try {
                int index = Integer.parseInt(f[0].trim());
                Gpu g = new Gpu(index, String.join(",", List.of(f).subList(1, f.length - 1)).trim(),
                        Integer.parseInt(cc[0]), cc.length > 1 ? Integer.parseInt(cc[1]) : 0);
                if (keep == null || keep.contains(String.valueOf(index))) {
                    out.add(g);
                }
            } catch (NumberFormatException e) {
                // a line nvidia-smi prints that is no GPU row ("[N/A]" on an old driver): not a GPU we can judge
            }
        }
        return out;
    }

    /** The machine's visible GPUs; empty when there is no NVIDIA driver (no {@code nvidia-smi}) or no GPU. */
    static List<Gpu> visibleGpus() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index,name,compute_cap", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return List.of();
            }
            return parse(out, System.getenv("CUDA_VISIBLE_DEVICES"));
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * In the CUDA build, refuses (one line, a {@link ConfigException}) a machine whose GPU the library cannot run, or
     * one without a GPU; returns the GPUs for the run banner ("" in the CPU build). Call before ND4J loads.
     */
    public static synchronized String requireSupported() {
        if (checked == null) {
            checked = cudaBuild() ? check(visibleGpus()) : "";
        }
        return checked;
    }

    static String check(List<Gpu> gpus) {
        if (gpus.isEmpty()) {
            throw new ConfigException("this is the CUDA build (-Pcuda) and nvidia-smi lists no GPU: it needs an NVIDIA"
                    + " GPU of compute capability " + runnable() + " and its driver (build without -Pcuda to train on the CPU)");
        }
        refusal(gpus).ifPresent(line -> {
            throw new ConfigException(line);
        });
        return gpus.stream().map(g -> "GPU " + g.index() + " " + g.name() + " (compute capability " + g.capability() + ")")
                .collect(Collectors.joining(", "));
    }

    /** The compute capabilities the cubins run on, by major version: "3.7+, 5.x, 6.x, 7.x, 8.x". */
    static String runnable() {
        return CUBINS.stream().map(sm -> sm / 10).distinct().map(major -> {
            int lowest = CUBINS.stream().filter(sm -> sm / 10 == major).mapToInt(sm -> sm % 10).min().orElse(0);
            return lowest == 0 ? major + ".x" : major + "." + lowest + "+";
        }).collect(Collectors.joining(", "));
    }
}
