package redreg.fusion.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Column blocks of [B, n] arrays, copied so later in-place updates cannot reach the source. */
final class Columns {
    private Columns() {
    }

    /** Index of the column block [from, to) of a [B, n] array (a view when used with get). */
    static org.nd4j.linalg.indexing.INDArrayIndex[] range(int from, int to) {
        return new org.nd4j.linalg.indexing.INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(from, to)};
    }

    static INDArray of(INDArray x, int from, int to) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup();
    }
}
