package redreg.api.internal.encoders;

import java.util.Set;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import redreg.api.nn.EncoderGraph;
import redreg.api.config.CnnEncoderConfig;

/** {@code cnn}: conv–BN–ReLU(–max-pool) blocks for [C, H, W] samples; one stage per block. */
public final class CnnEncoder extends BuiltInEncoder<CnnEncoderConfig> {
    private static final Pattern STAGE = Pattern.compile("(?:conv|bn|relu|pool)(\\d+)");

    public CnnEncoder() {
        super("cnn", "convolution blocks (3×3 conv, batch norm, ReLU, max pool) for [C, H, W] samples",
                CnnEncoderConfig.class, CnnEncoderConfig.defaults(), Set.of(3));
    }

    @Override
    public int autoRank() {
        return 3;
    }

    @Override
    public InputType inputType(long[] s, CnnEncoderConfig c) {
        return InputType.convolutional(s[1], s[2], s[0]);
    }

    @Override
    public String addLayers(EncoderGraph g, String input, long[] s, CnnEncoderConfig c) {
        String prev = input;
        int channels = c.width();
        long side = Math.min(s[1], s[2]);
        for (int i = 0; i < c.depth(); i++) {
            prev = g.layer("conv" + i, new ConvolutionLayer.Builder(3, 3).nOut(channels)
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), prev);
            prev = g.layer("bn" + i, g.batchNorm(), prev);
            prev = g.layer("relu" + i, new ActivationLayer(Activation.RELU), prev);
            if (side >= 4) {
                prev = g.layer("pool" + i, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), prev);
                side /= 2;
            }
            channels *= 2;
        }
        return g.layer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), prev);
    }

    @Override
    public int stageOf(String layer, CnnEncoderConfig c) {
        return layer.equals("gap") ? -1 : stageNumber(STAGE, layer);
    }
}
