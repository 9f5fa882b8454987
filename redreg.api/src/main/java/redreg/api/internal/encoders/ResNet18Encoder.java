package redreg.api.internal.encoders;

import java.util.Set;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import redreg.api.nn.EncoderGraph;
import redreg.api.config.ResNet18EncoderConfig;

/** {@code resnet18}: torchvision's ResNet-18 layout with a configurable base width; stages stem + layer1 … layer4. */
public final class ResNet18Encoder extends BuiltInEncoder<ResNet18EncoderConfig> {
    private static final Pattern STAGE = Pattern.compile("s(\\d)b\\d+_.*");

    public ResNet18Encoder() {
        super("resnet18", "ResNet-18 (torchvision's layout, configurable base width) for [C, H, W] samples",
                ResNet18EncoderConfig.class, ResNet18EncoderConfig.defaults(), Set.of(3));
    }

    @Override
    public InputType inputType(long[] s, ResNet18EncoderConfig c) {
        return InputType.convolutional(s[1], s[2], s[0]);
    }

    @Override
    public String addLayers(EncoderGraph g, String input, long[] s, ResNet18EncoderConfig c) {
        int width = c.width();
        String prev = g.layer("stem", new ConvolutionLayer.Builder(7, 7).stride(2, 2).nOut(width).hasBias(false)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), input);
        prev = g.layer("stem_bn", g.batchNorm(), prev);
        prev = g.layer("stem_relu", new ActivationLayer(Activation.RELU), prev);
        prev = g.layer("stem_pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .convolutionMode(ConvolutionMode.Same).build(), prev);
        int channels = width;
        for (int stage = 0; stage < 4; stage++) {
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                prev = basicBlock(g, "s" + stage + "b" + block, prev, channels, stride, stage > 0 && block == 0);
            }
            channels *= 2;
        }
        return g.layer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), prev);
    }

    private static String basicBlock(EncoderGraph g, String n, String in, int channels, int stride, boolean project) {
        String x = g.layer(n + "_c1", conv(3, stride, channels), in);
        x = g.layer(n + "_bn1", g.batchNorm(), x);
        x = g.layer(n + "_r1", new ActivationLayer(Activation.RELU), x);
        x = g.layer(n + "_c2", conv(3, 1, channels), x);
        x = g.layer(n + "_bn2", g.batchNorm(), x);
        String shortcut = in;
        if (project) {
            shortcut = g.layer(n + "_down", conv(1, stride, channels), in);
            shortcut = g.layer(n + "_down_bn", g.batchNorm(), shortcut);
        }
        String sum = g.vertex(n + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), x, shortcut);
        return g.layer(n + "_out", new ActivationLayer(Activation.RELU), sum);
    }

    private static ConvolutionLayer conv(int k, int stride, int channels) {
        return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(channels).hasBias(false)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build();
    }

    @Override
    public int stageOf(String layer, ResNet18EncoderConfig c) {
        if (layer.equals("gap")) {
            return -1;
        }
        return layer.startsWith("stem") ? 0 : stageNumber(STAGE, layer);
    }
}
