package redreg.tasks.internal;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A float array with a shape (C order); the first dimension is the sample index. */
public record Tensor(float[] data, long[] shape) {

    public Tensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length);
        }
    }

    /** Shape of one sample. */
    public long[] sampleShape() {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    public int samples() {
        return (int) shape[0];
    }

    public int sampleSize() {
        return shape[0] == 0 ? 0 : data.length / (int) shape[0];
    }

    /** As an ND4J array of the default floating-point type. */
    public INDArray toNd4j() {
        INDArray a = Nd4j.create(data, shape, 'c');
        return a.dataType() == Nd4j.defaultFloatingPointType() ? a : a.castTo(Nd4j.defaultFloatingPointType());
    }

    /** Keeps the samples at {@code keep}. */
    public Tensor select(int[] keep) {
        int size = sampleSize();
        float[] out = new float[keep.length * size];
        for (int i = 0; i < keep.length; i++) {
            System.arraycopy(data, keep[i] * size, out, i * size, size);
        }
        long[] s = shape.clone();
        s[0] = keep.length;
        return new Tensor(out, s);
    }

    /** Stacks per-sample arrays of identical length into [N, sampleShape…]. */
    public static Tensor stack(float[][] samples, long... sampleShape) {
        int size = 1;
        for (long d : sampleShape) {
            size *= (int) d;
        }
        float[] out = new float[samples.length * size];
        for (int i = 0; i < samples.length; i++) {
            System.arraycopy(samples[i], 0, out, i * size, size);
        }
        long[] s = new long[sampleShape.length + 1];
        s[0] = samples.length;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return new Tensor(out, s);
    }
}
