package redreg.api.nn;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.activations.Activation;
import redreg.api.stability.Experimental;

/**
 * A pre-norm Transformer encoder over a [T, D] sequence, in DL4J's NCW layout [B, D, T]:
 * <pre>
 *   h = W_in·x + b_in + positions                      (proj: a width-1 convolution; pos)
 *   repeat depth times:
 *     h = h + MHA(LN1(h))                               (b{i}_ln1, b{i}_attn, b{i}_res1)
 *     h = h + W2·dropout(ReLU(W1·LN2(h) + b1)) + b2     (b{i}_ln2, b{i}_ff1, b{i}_ff2, b{i}_res2)
 *   z = pool(LN(h))                                     (ln; gap: the mean over time or the first time step)
 * </pre>
 * MHA is {@link MultiHeadSelfAttention} (DL4J's attention op: projected queries, keys and values, scaled dot
 * products, an output projection; no biases). Dropout acts where DL4J layers can switch it off at evaluation: on the feed-forward's
 * hidden units (PyTorch's TransformerEncoderLayer also drops after attention and after the feed-forward).
 */
@Experimental(since = "0.1", why = "the Transformer encoder's layers are new")
public final class TransformerEncoder {
    /** Layer names of the head part (not in a block): the final norm and the pooling. */
    public static final String NORM = "ln";
    public static final String POOL = "gap";

    /**
     * @param width       model width (attention and residual stream)
     * @param depth       number of blocks
     * @param heads       attention heads (must divide width)
     * @param feedForward hidden units of each block's feed-forward
     * @param dropout     drop probability on the feed-forward's hidden units (0: none)
     * @param positions   {@code learned} or {@code sinusoidal}
     * @param pooling     {@code mean} (over time) or {@code first} (the first time step)
     */
    public record Options(int width, int depth, int heads, int feedForward, double dropout, String positions,
                          String pooling) {
        public Options {
            if (heads < 1 || width % heads != 0) {
                throw new IllegalArgumentException("heads: must divide width " + width + ", got " + heads);
            }
            if (!positions.equals("learned") && !positions.equals("sinusoidal")) {
                throw new IllegalArgumentException("positions: expected learned or sinusoidal, got '" + positions + "'");
            }
            if (!pooling.equals("mean") && !pooling.equals("first")) {
                throw new IllegalArgumentException("pooling: expected mean or first, got '" + pooling + "'");
            }
        }
    }

    private TransformerEncoder() {
    }

    /**
     * Adds the encoder to {@code g}, reading from {@code input} (recurrent, [B, D, T]) of sequence length
     * {@code length}; returns the full name of the pooled [B, width] vertex.
     */
    public static String add(EncoderGraph g, String input, long length, Options o) {
        String h = g.layer("proj", new Convolution1DLayer.Builder().kernelSize(1).nOut(o.width())
                .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), input);
        h = g.layer("pos", o.positions().equals("learned") ? new LearnedPositions()
                : new SinusoidalPositions(o.width(), length), h);
        for (int i = 0; i < o.depth(); i++) {
            String b = "b" + i + "_";
            String a = g.layer(b + "ln1", new LayerNorm(), h);
            a = g.layer(b + "attn", new MultiHeadSelfAttention(o.heads()), a);
            String r = g.vertex(b + "res1", new ElementWiseVertex(ElementWiseVertex.Op.Add), h, a);
            String f = g.layer(b + "ln2", new LayerNorm(), r);
            f = g.layer(b + "ff1", new Convolution1DLayer.Builder().kernelSize(1).nOut(o.feedForward())
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), f);
            Convolution1DLayer.Builder ff2 = new Convolution1DLayer.Builder().kernelSize(1).nOut(o.width())
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY);
            if (o.dropout() > 0) {
                ff2.dropOut(1 - o.dropout()); // DL4J's argument is the retain probability
            }
            f = g.layer(b + "ff2", ff2.build(), f);
            h = g.vertex(b + "res2", new ElementWiseVertex(ElementWiseVertex.Op.Add), r, f);
        }
        h = g.layer(NORM, new LayerNorm(), h);
        return g.layer(POOL, o.pooling().equals("mean")
                ? new GlobalPoolingLayer.Builder(PoolingType.AVG).build() : new FirstToken(), h);
    }

    /** The block an (unprefixed) layer belongs to: 0 for the input projection and positions, i + 1 for block i, −1 for the head. */
    public static int stageOf(String layer) {
        if (layer.equals(NORM) || layer.equals(POOL)) {
            return -1;
        }
        if (layer.equals("proj") || layer.equals("pos")) {
            return 0;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("b(\\d+)_.*").matcher(layer);
        if (!m.matches()) {
            throw new IllegalStateException("layer '" + layer + "' of a transformer encoder belongs to no block");
        }
        return Integer.parseInt(m.group(1)) + 1;
    }
}
