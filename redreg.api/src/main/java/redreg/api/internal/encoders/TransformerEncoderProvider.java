package redreg.api.internal.encoders;

import java.util.Set;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.nn.EncoderGraph;
import redreg.api.config.TransformerEncoderConfig;
import redreg.api.nn.TransformerEncoder;

/** {@code transformer}: a pre-norm Transformer over [T, D] samples ({@link TransformerEncoder}); one stage per block. */
public final class TransformerEncoderProvider extends BuiltInEncoder<TransformerEncoderConfig> {

    public TransformerEncoderProvider() {
        super("transformer", "pre-norm Transformer (self-attention, layer norm, feed-forward) for [T, D] samples",
                TransformerEncoderConfig.class, TransformerEncoderConfig.defaults(), Set.of(2));
    }

    @Override
    public InputType inputType(long[] s, TransformerEncoderConfig c) {
        return InputType.recurrent(s[1], s[0]);
    }

    @Override
    public INDArray adapt(INDArray batch, TransformerEncoderConfig c) {
        return SequenceEncoder.timeLast(batch);
    }

    static TransformerEncoder.Options options(TransformerEncoderConfig c) {
        return new TransformerEncoder.Options(c.width(), c.depth(), c.heads(), c.feedForward(), c.dropout(),
                c.positions().name().toLowerCase(java.util.Locale.ROOT), c.pooling().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String addLayers(EncoderGraph g, String input, long[] s, TransformerEncoderConfig c) {
        return TransformerEncoder.add(g, input, s[0], options(c));
    }

    @Override
    public int stageOf(String layer, TransformerEncoderConfig c) {
        return TransformerEncoder.stageOf(layer);
    }
}
