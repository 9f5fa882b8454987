package redreg.api.nn;

import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
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
 * Multi-head self-attention over a sequence [B, C, T] (Vaswani et al. 2017): per head h, Q = W_q[h]·x,
 * K = W_k[h]·x, V = W_v[h]·x, softmax(QᵀK/√d_h) over the keys, heads concatenated and projected by W_o; no biases.
 * The same computation as DL4J's SelfAttentionLayer (its multiHeadDotProductAttention op), with the gradient
 * corrected ({@link SameDiffFix}). Weights: Xavier-uniform, W_q/W_k/W_v [heads, d_h, C], W_o [heads·d_h, C].
 */
@Experimental(since = "0.1", why = "the Transformer encoder's layers are new")
public class MultiHeadSelfAttention extends SameDiffLayer {
    private long size;
    private int heads;

    /** For DL4J's configuration cloning and JSON. */
    public MultiHeadSelfAttention() {
    }

    public MultiHeadSelfAttention(int heads) {
        this.heads = heads;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (size == 0 || override) {
            size = ((InputType.InputTypeRecurrent) inputType).getSize();
            if (size % heads != 0) {
                throw new IllegalArgumentException("attention: " + heads + " heads do not divide width " + size);
            }
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        long headSize = size / heads;
        for (String w : new String[] {"Wq", "Wk", "Wv"}) {
            params.addWeightParam(w, heads, headSize, size);
        }
        params.addWeightParam("Wo", heads * headSize, size);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.forEach((k, v) -> {
            double fanOut = k.equals("Wo") ? size : (double) size / heads;
            double bound = Math.sqrt(6 / (size + fanOut));
            v.assign(Nd4j.rand(v.dataType(), v.shape()).muli(2 * bound).subi(bound));
        });
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable out = sd.nn.multiHeadDotProductAttention(x, x, x, p.get("Wq"), p.get("Wk"), p.get("Wv"),
                p.get("Wo"), mask, true);
        return SameDiffFix.halveGradient(sd, out);
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }
}
