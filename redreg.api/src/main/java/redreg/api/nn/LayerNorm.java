package redreg.api.nn;

import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/**
 * Layer normalization (Ba et al. 2016) over the feature axis, which DL4J 1.0.0-M2.1 lacks as a layer:
 * y = (x − mean) / √(var + ε) · g + b, mean and (biased) variance over the features of each sample, or of each
 * time step of a sequence ([B, C, T], DL4J's NCW). g starts at 1, b at 0, ε = 1e-5 (PyTorch's nn.LayerNorm).
 */
@Experimental(since = "0.1", why = "the Transformer encoder's layers are new")
public class LayerNorm extends SameDiffLayer {
    private long size;
    private boolean sequence;
    private double epsilon = 1e-5;

    /** For DL4J's configuration cloning and JSON. */
    public LayerNorm() {
    }

    public LayerNorm(double epsilon) {
        this.epsilon = epsilon;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (size == 0 || override) {
            sequence = inputType instanceof InputType.InputTypeRecurrent;
            size = sequence ? ((InputType.InputTypeRecurrent) inputType).getSize()
                    : ((InputType.InputTypeFeedForward) inputType).getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return sequence ? InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, org.deeplearning4j.nn.conf.RNNFormat.NCW, getLayerName()) : null;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam("g", 1, size);
        params.addBiasParam("b", 1, size);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get("g").assign(1);
        params.get("b").assign(0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable centred = x.sub(x.mean(true, 1));
        SDVariable variance = centred.mul(centred).mean(true, 1);
        SDVariable normed = centred.div(sd.math.sqrt(variance.add(epsilon)));
        long[] shape = sequence ? new long[] {1, size, 1} : new long[] {1, size};
        return SameDiffFix.halveGradient(sd, normed.mul(params.get("g").reshape(shape)).add(params.get("b").reshape(shape)));
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public boolean isSequence() {
        return sequence;
    }

    public void setSequence(boolean sequence) {
        this.sequence = sequence;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }
}
