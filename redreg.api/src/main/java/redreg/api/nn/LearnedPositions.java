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
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.stability.Experimental;

/**
 * Learned absolute positions for a fixed-length sequence [B, C, T]: y = x + P with P [C, T] a parameter,
 * initialised N(0, 0.02²) (BERT's and ViT's choice). Needs the sequence length in the input type.
 */
@Experimental(since = "0.1", why = "the Transformer encoder's layers are new")
public class LearnedPositions extends SameDiffLayer {
    private long size;
    private long length;

    /** For DL4J's configuration cloning and JSON. */
    public LearnedPositions() {
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (size == 0 || override) {
            InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) inputType;
            if (r.getTimeSeriesLength() <= 0) {
                throw new IllegalArgumentException("learned positions need a fixed sequence length");
            }
            size = r.getSize();
            length = r.getTimeSeriesLength();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, org.deeplearning4j.nn.conf.RNNFormat.NCW, getLayerName());
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam("P", size, length);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray p = params.get("P");
        p.assign(Nd4j.randn(p.dataType(), p.shape()).muli(0.02));
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        return SameDiffFix.halveGradient(sd, x.add(params.get("P").reshape(1, size, length)));
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
