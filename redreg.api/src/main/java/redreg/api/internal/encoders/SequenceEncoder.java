package redreg.api.internal.encoders;

import java.util.Set;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.nn.EncoderGraph;
import redreg.api.config.SequenceEncoderConfig;

/** {@code sequence}: temporal convolutions over [T, D] samples, then the mean over time; one stage each. */
public final class SequenceEncoder extends BuiltInEncoder<SequenceEncoderConfig> {
    private static final Pattern STAGE = Pattern.compile("tconv(\\d+)");

    public SequenceEncoder() {
        super("sequence", "temporal convolutions (kernel 3, ReLU) and the mean over time for [T, D] samples",
                SequenceEncoderConfig.class, SequenceEncoderConfig.defaults(), Set.of(2));
    }

    @Override
    public int autoRank() {
        return 2;
    }

    @Override
    public InputType inputType(long[] s, SequenceEncoderConfig c) {
        return InputType.recurrent(s[1], s[0]);
    }

    /** [B, T, D] → DL4J's [B, D, T]. */
    static INDArray timeLast(INDArray batch) {
        return batch.permute(0, 2, 1).dup('c');
    }

    @Override
    public INDArray adapt(INDArray batch, SequenceEncoderConfig c) {
        return timeLast(batch);
    }

    @Override
    public String addLayers(EncoderGraph g, String input, long[] s, SequenceEncoderConfig c) {
        String prev = input;
        for (int i = 0; i < c.depth(); i++) {
            prev = g.layer("tconv" + i, new Convolution1DLayer.Builder().kernelSize(3).nOut(c.width())
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), prev);
        }
        return g.layer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), prev);
    }

    @Override
    public int stageOf(String layer, SequenceEncoderConfig c) {
        return layer.equals("gap") ? -1 : stageNumber(STAGE, layer);
    }
}
