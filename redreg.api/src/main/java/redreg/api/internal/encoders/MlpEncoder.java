package redreg.api.internal.encoders;

import java.util.Set;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.nn.EncoderGraph;
import redreg.api.config.MlpEncoderConfig;

/** {@code mlp}: the sample flattened, then dense ReLU layers; one stage per layer. Any rank. */
public final class MlpEncoder extends BuiltInEncoder<MlpEncoderConfig> {
    private static final Pattern STAGE = Pattern.compile("fc(\\d+)");

    public MlpEncoder() {
        super("mlp", "dense ReLU layers over the flattened sample (any shape)", MlpEncoderConfig.class,
                MlpEncoderConfig.defaults(), Set.of());
    }

    @Override
    public int autoRank() {
        return 1;
    }

    @Override
    public InputType inputType(long[] s, MlpEncoderConfig c) {
        long n = 1;
        for (long d : s) {
            n *= d;
        }
        return InputType.feedForward(n);
    }

    @Override
    public INDArray adapt(INDArray batch, MlpEncoderConfig c) {
        return batch.rank() > 2 ? batch.reshape('c', batch.size(0), batch.length() / batch.size(0)) : batch;
    }

    @Override
    public String addLayers(EncoderGraph g, String input, long[] s, MlpEncoderConfig c) {
        String prev = input;
        for (int i = 0; i < c.depth(); i++) {
            prev = g.layer("fc" + i, new DenseLayer.Builder().nOut(c.width()).activation(Activation.RELU).build(), prev);
        }
        return prev;
    }

    @Override
    public int stageOf(String layer, MlpEncoderConfig c) {
        return stageNumber(STAGE, layer);
    }
}
