package redreg.nd4jshim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelSelectionTest {
    private static final Set<String> SKYLAKE_X = Set.of("sse4_2", "avx", "avx2", "fma", "f16c",
            "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    private static final Set<String> HASWELL = Set.of("sse4_2", "avx", "avx2", "fma", "f16c");
    private static final Set<String> KNIGHTS_LANDING = Set.of("avx2", "fma", "f16c", "avx512f", "avx512cd");

    @Test
    void avx512NeedsAllFiveSubsetsTheBuildIsCompiledFor() {
        assertThat(KernelSelection.supports(SKYLAKE_X, "-onednn-avx512")).isTrue();
        assertThat(KernelSelection.supports(KNIGHTS_LANDING, "-onednn-avx512")).isFalse(); // no BW/DQ/VL
        assertThat(KernelSelection.supports(KNIGHTS_LANDING, "-onednn")).isTrue();
        assertThat(KernelSelection.supports(HASWELL, "-onednn")).isTrue();
        assertThat(KernelSelection.supports(Set.of("sse4_2", "avx"), "-onednn")).isFalse();
    }

    @Test
    void aBuildCountsOnlyWhenItsLibraryIsOnTheClassPath() {
        // this module's tests have no native jar at all: every CPU gets the default build
        assertThat(KernelSelection.onClassPath("-onednn")).isFalse();
        assertThat(KernelSelection.best(SKYLAKE_X)).isEmpty();
    }
}
