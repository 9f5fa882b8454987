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
    private long length;
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
            InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) inputType;
            size = r.getSize();
            length = r.getTimeSeriesLength();
            if (length <= 0) {
                throw new IllegalArgumentException("attention: needs a fixed sequence length");
            }
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

    /**
     * Written out as batched matrix products: ND4J's fused multiHeadDotProductAttention op (what DL4J's
     * SelfAttentionLayer uses) took ~2 s for a forward and backward at batch 64, T = 50, width 64 on one core.
     */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        long hd = size / heads;
        SDVariable rows = x.permute(0, 2, 1).reshape(-1, size);                          // [B·T, C]
        SDVariable q = split(sd, rows, p.get("Wq"), hd);
        SDVariable k = split(sd, rows, p.get("Wk"), hd);
        SDVariable v = split(sd, rows, p.get("Wv"), hd);
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(hd));   // [B·H, T, T]
        SDVariable mixed = sd.mmul(sd.nn.softmax(scores, 2), v);                         // [B·H, T, hd]
        SDVariable merged = mixed.reshape(-1, heads, length, hd).permute(0, 2, 1, 3).reshape(-1, heads * hd);
        SDVariable out = sd.mmul(merged, p.get("Wo")).reshape(-1, length, size).permute(0, 2, 1);
        return SameDiffFix.halveGradient(sd, out);
    }

    /** rows [B·T, C] projected by W [H, hd, C] into per-head [B·H, T, hd]. */
    private SDVariable split(SameDiff sd, SDVariable rows, SDVariable w, long hd) {
        SDVariable projected = sd.mmul(rows, w.reshape(heads * hd, size), false, true, false); // [B·T, H·hd]
        return projected.reshape(-1, length, heads, hd).permute(0, 2, 1, 3).reshape(-1, length, hd);
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

    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }
}
