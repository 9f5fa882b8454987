package redreg.api.nn;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.stability.Experimental;

/**
 * Fixed sinusoidal positions (Vaswani et al. 2017) added to a sequence [B, C, T]:
 * PE[2i, t] = sin(t / 10000^(2i/C)), PE[2i+1, t] = cos(t / 10000^(2i/C)). No parameters.
 */
@Experimental(since = "0.1", why = "the Transformer encoder's layers are new")
public class SinusoidalPositions extends SameDiffLambdaLayer {
    private long size;
    private long length;

    /** For DL4J's configuration cloning and JSON. */
    public SinusoidalPositions() {
    }

    public SinusoidalPositions(long size, long length) {
        this.size = size;
        this.length = length;
    }

    /** The table [C, T]. */
    public static double[][] table(long size, long length) {
        double[][] pe = new double[(int) size][(int) length];
        for (int c = 0; c < size; c++) {
            double rate = Math.pow(10000, -(2.0 * (c / 2)) / size);
            for (int t = 0; t < length; t++) {
                pe[c][t] = c % 2 == 0 ? Math.sin(t * rate) : Math.cos(t * rate);
            }
        }
        return pe;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x) {
        var pe = Nd4j.createFromArray(table(size, length)).castTo(x.dataType()).reshape(1, size, length);
        return SameDiffFix.halveGradient(sd, x.add(sd.constant(pe)));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public long getLength() {
        return length;
    }

    public void setLength(long length) {
        this.length = length;
    }
}
