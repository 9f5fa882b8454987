package redreg.api.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeMemoryTest {
    private static final long MIB = 1 << 20;

    /**
     * The level the period and ceiling are set from must be taken after ND4J has freed the collected buffers, not
     * while its deallocator is still at work (the launcher's System.gc() is concurrent): a run's garbage dropped
     * before {@code collect()} is gone from the level it records.
     */
    @Test
    void theLevelAfterACollectionNoLongerHoldsTheCollectedBuffers() {
        assumeTrue(NativeMemory.residentBytes() > 0, "needs /proc/self/statm");
        assumeTrue(!"false".equals(System.getProperty("redreg.nativeGc")));
        INDArray big = Nd4j.ones(DataType.FLOAT, 48, 1024, 1024); // 192 MiB, every page touched
        assertThat(big.getDouble(47, 1023, 1023)).isEqualTo(1.0);
        long withBuffer = NativeMemory.residentBytes();
        big = null;
        NativeMemory.collect();
        assertThat(NativeMemory.levelAfterCollection())
                .as("resident after collection vs %d MiB with the buffer", withBuffer / MIB)
                .isLessThan(withBuffer - 128 * MIB);
    }
}
