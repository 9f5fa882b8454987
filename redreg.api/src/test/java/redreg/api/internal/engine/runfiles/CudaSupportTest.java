package redreg.api.internal.engine.runfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import redreg.api.ConfigException;
import redreg.api.internal.engine.runfiles.CudaSupport.Gpu;

/** Which GPUs the CUDA build runs on, and which backend a build selects; no GPU needed. */
class CudaSupportTest {

    @Test
    void aCubinRunsOnItsOwnMajorVersionAtItsMinorOrAbove() {
        assertThat(CudaSupport.runs(8, 0)).as("A100").isTrue();
        assertThat(CudaSupport.runs(8, 6)).as("RTX 30xx").isTrue();
        assertThat(CudaSupport.runs(8, 9)).as("Ada, through sm_86").isTrue();
        assertThat(CudaSupport.runs(3, 7)).as("K80").isTrue();
        assertThat(CudaSupport.runs(7, 2)).as("Xavier, through sm_70").isTrue();
        assertThat(CudaSupport.runs(3, 5)).as("Kepler 3.5: sm_37 is newer").isFalse();
        assertThat(CudaSupport.runs(9, 0)).as("Hopper: no cubin, no PTX").isFalse();
        assertThat(CudaSupport.runs(10, 0)).as("Blackwell").isFalse();
        assertThat(CudaSupport.runnable()).isEqualTo("3.7+, 5.x, 6.x, 7.x, 8.x");
    }

    @Test
    void anUnsupportedGpuIsRefusedInOneLineNamingItsCapabilityAndTheSupportedOnes() {
        List<Gpu> h200 = CudaSupport.parse("0, NVIDIA H200, 9.0\n", null);
        assertThat(h200).containsExactly(new Gpu(0, "NVIDIA H200", 9, 0));
        assertThatThrownBy(() -> CudaSupport.check(h200)).isInstanceOf(ConfigException.class)
                .hasMessage("GPU 0 (NVIDIA H200) has compute capability 9.0, which the CUDA build (nd4j-cuda-11.6"
                        + " 1.0.0-M2.1) cannot run: its kernels are cubins for sm_37, 50, 52, 60, 61, 70, 75, 80, 86"
                        + " with no PTX, so they run on compute capability 3.7+, 5.x, 6.x, 7.x, 8.x only (see"
                        + " module-docs/performance.md; build without -Pcuda to train on the CPU)")
                .hasMessageNotContaining("\n");
        assertThat(CudaSupport.check(CudaSupport.parse("0, NVIDIA A100-SXM4-80GB, 8.0", null)))
                .isEqualTo("GPU 0 NVIDIA A100-SXM4-80GB (compute capability 8.0)");
        // the GPU a run uses is among the visible ones: a hidden H200 does not stop a visible A100
        List<Gpu> mixed = CudaSupport.parse("0, NVIDIA H200, 9.0\n1, NVIDIA A100, 8.0\n", "1");
        assertThat(mixed).extracting(Gpu::index).containsExactly(1);
        assertThat(CudaSupport.refusal(mixed)).isEmpty();
        assertThatThrownBy(() -> CudaSupport.check(List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("nvidia-smi lists no GPU");
    }

    @Test
    void theBuildSelectsOneBackendAndOnlyTheCudaBuildChecksTheGpu() {
        boolean cpuBackend = getClass().getClassLoader().getResource("org/nd4j/linalg/cpu/nativecpu/CpuBackend.class") != null;
        assertThat(CudaSupport.cudaBuild()).as("the CUDA backend (-Pcuda) replaces the CPU one").isNotEqualTo(cpuBackend);
        if (!CudaSupport.cudaBuild()) {
            assertThat(CudaSupport.requireSupported()).as("the CPU build never asks for a GPU").isEmpty();
        } else if (CudaSupport.visibleGpus().isEmpty()) {
            // CI's -Pcuda check: no GPU there, so a run stops with the one line instead of a native crash
            assertThatThrownBy(CudaSupport::requireSupported).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("CUDA build (-Pcuda)");
        } else {
            List<Gpu> gpus = CudaSupport.visibleGpus();
            if (CudaSupport.refusal(gpus).isPresent()) {
                assertThatThrownBy(CudaSupport::requireSupported).hasMessageContaining("compute capability");
            } else {
                assertThat(CudaSupport.requireSupported()).contains("compute capability");
            }
        }
    }
}
