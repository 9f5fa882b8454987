package redreg.api.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.stability.Experimental;

/**
 * y = x Wᵀ + b with W [out, in], initialised like PyTorch's nn.Linear (uniform ±1/√in).
 * Keeps the last input for {@link #backward}.
 */
@Experimental(since = "0.1", why = "the fusion layer kit grows with the fusions")
public final class Linear {
    private final Param weight;
    private final Param bias;
    private INDArray lastInput;

    public Linear(String name, int in, int out, DataType type, Random random) {
        double bound = 1.0 / Math.sqrt(in);
        this.weight = Param.of(name + ".W", uniform(type, random, bound, out, in));
        this.bias = Param.of(name + ".b", uniform(type, random, bound, 1, out));
    }

    private static INDArray uniform(DataType type, Random random, double bound, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (random.nextDouble() * 2 - 1) * bound;
        }
        return Nd4j.create(v, new long[] {rows, cols}, type);
    }

    public INDArray forward(INDArray x) {
        lastInput = x;
        return x.mmul(weight.value().transpose()).addiRowVector(bias.value());
    }

    /** Writes dW, db and returns dL/dx for the last forward. */
    public INDArray backward(INDArray dy) {
        weight.gradient().assign(dy.transpose().mmul(lastInput));
        bias.gradient().assign(dy.sum(true, 0));
        return dy.mmul(weight.value());
    }

    public List<Param> parameters() {
        return List.of(weight, bias);
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }

    public int inputSize() {
        return (int) weight.value().size(1);
    }
}
