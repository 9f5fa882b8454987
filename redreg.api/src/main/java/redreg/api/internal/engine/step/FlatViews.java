package redreg.api.internal.engine.step;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/** Joining two views of one flat buffer that lie end to end (an encoder's parameters, its gradients) into one. */
final class FlatViews {
    private FlatViews() {
    }

    /**
     * The 1-d view of {@code a}'s buffer spanning {@code a} then {@code b}, or null when they are not contiguous,
     * c-ordered views of the same buffer with {@code b} starting where {@code a} ends.
     */
    static INDArray join(INDArray a, INDArray b) {
        DataBuffer root = root(a);
        if (root != root(b) || a.dataType() != b.dataType() || !dense(a) || !dense(b)
                || a.offset() + a.length() != b.offset()) {
            return null;
        }
        return Nd4j.create(root, new long[] {a.length() + b.length()}, new long[] {1}, a.offset(), 'c', a.dataType());
    }

    /** The allocation a view's elements live in (a view's own buffer is a window onto it); offsets count from it. */
    private static DataBuffer root(INDArray x) {
        DataBuffer d = x.data();
        return d.originalDataBuffer() != null ? d.originalDataBuffer() : d;
    }

    /** Its elements lie one after another in the buffer, in c order. */
    private static boolean dense(INDArray x) {
        return (x.ordering() == 'c' || x.rank() == 1) && Shape.hasDefaultStridesForShape(x) && x.length() > 0;
    }
}
