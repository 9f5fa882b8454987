package redreg.api.internal.engine;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import redreg.api.ConfigException;
import redreg.api.ModalitySpec;
import redreg.api.experiment.EncoderSpec;

/**
 * Builds one encoder per modality as a single-input DL4J graph whose output vertex {@value #OUTPUT} is the
 * pooled feature z_m. The graph has no loss: the engine feeds it external errors (its own losses).
 */
public final class EncoderFactory {
    public static final String OUTPUT = "z";

    private EncoderFactory() {
    }

    /** The encoder kind for a spec, resolving {@code auto} from the sample rank. */
    public static String resolveKind(ModalitySpec modality, EncoderSpec spec) {
        int rank = modality.shape().length;
        String kind = spec.kind();
        if (kind.equals("auto")) {
            return rank == 3 ? "cnn" : rank == 2 ? "sequence" : "mlp";
        }
        int needed = switch (kind) {
            case "cnn", "resnet18" -> 3;
            case "sequence" -> 2;
            case "mlp" -> 1;
            default -> throw new ConfigException("model.encoder.kind: unknown encoder '" + kind
                    + "'; valid: auto, cnn, resnet18, mlp, sequence");
        };
        if (needed != rank && !(kind.equals("mlp"))) {
            throw new ConfigException("model.encoder.kind: '" + kind + "' needs inputs of rank " + needed
                    + " but modality " + modality + " has rank " + rank);
        }
        return kind;
    }

    public static ComputationGraph build(ModalitySpec modality, EncoderSpec spec, DataType type, long seed) {
        String kind = resolveKind(modality, spec);
        long[] s = modality.shape();
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(type)
                .updater(new NoOp())
                .weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder()
                .addInputs("in");
        String last = switch (kind) {
            case "cnn" -> {
                g.setInputTypes(InputType.convolutional(s[1], s[2], s[0]));
                yield cnn(g, spec, Math.min(s[1], s[2]));
            }
            case "resnet18" -> {
                g.setInputTypes(InputType.convolutional(s[1], s[2], s[0]));
                yield ResNet18.add(g, "in", spec.width());
            }
            case "sequence" -> {
                // samples are [T, D]; DL4J's recurrent format is [D, T] (the engine permutes the batch).
                g.setInputTypes(InputType.recurrent(s[1], s[0]));
                yield sequence(g, spec);
            }
            default -> {
                g.setInputTypes(InputType.feedForward(flatSize(s)));
                yield mlp(g, spec);
            }
        };
        g.addLayer(OUTPUT, new DenseLayer.Builder().nOut(spec.featureSize()).activation(Activation.RELU).build(), last);
        g.setOutputs(OUTPUT);
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    static long flatSize(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static String cnn(GraphBuilder g, EncoderSpec spec, long minSide) {
        String prev = "in";
        int channels = spec.width();
        long side = minSide;
        for (int i = 0; i < spec.depth(); i++) {
            String c = "conv" + i;
            g.addLayer(c, new ConvolutionLayer.Builder(3, 3).nOut(channels).convolutionMode(ConvolutionMode.Same)
                    .activation(Activation.IDENTITY).build(), prev);
            g.addLayer("bn" + i, new BatchNormalization.Builder().build(), c);
            g.addLayer("relu" + i, new ActivationLayer(Activation.RELU), "bn" + i);
            prev = "relu" + i;
            if (side >= 4) {
                g.addLayer("pool" + i, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build(), prev);
                prev = "pool" + i;
                side /= 2;
            }
            channels *= 2;
        }
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), prev);
        return "gap";
    }

    private static String sequence(GraphBuilder g, EncoderSpec spec) {
        String prev = "in";
        for (int i = 0; i < spec.depth(); i++) {
            g.addLayer("tconv" + i, new Convolution1DLayer.Builder().kernelSize(3).nOut(spec.width())
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), prev);
            prev = "tconv" + i;
        }
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), prev);
        return "gap";
    }

    private static String mlp(GraphBuilder g, EncoderSpec spec) {
        String prev = "in";
        for (int i = 0; i < spec.depth(); i++) {
            g.addLayer("fc" + i, new DenseLayer.Builder().nOut(spec.width()).activation(Activation.RELU).build(), prev);
            prev = "fc" + i;
        }
        return prev;
    }

    /** torchvision's ResNet-18 layout with a configurable base width (64 in the papers). */
    static final class ResNet18 {
        private ResNet18() {
        }

        static String add(GraphBuilder g, String input, int width) {
            g.addLayer("stem", new ConvolutionLayer.Builder(7, 7).stride(2, 2).nOut(width).hasBias(false)
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), input);
            g.addLayer("stem_bn", new BatchNormalization.Builder().build(), "stem");
            g.addLayer("stem_relu", new ActivationLayer(Activation.RELU), "stem_bn");
            g.addLayer("stem_pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                    .convolutionMode(ConvolutionMode.Same).build(), "stem_relu");
            String prev = "stem_pool";
            int channels = width;
            for (int stage = 0; stage < 4; stage++) {
                for (int block = 0; block < 2; block++) {
                    int stride = stage > 0 && block == 0 ? 2 : 1;
                    prev = basicBlock(g, "s" + stage + "b" + block, prev, channels, stride, stride != 1 || (stage > 0 && block == 0));
                }
                channels *= 2;
            }
            g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), prev);
            return "gap";
        }

        private static String basicBlock(GraphBuilder g, String n, String in, int channels, int stride, boolean project) {
            g.addLayer(n + "_c1", conv(3, stride, channels), in);
            g.addLayer(n + "_bn1", new BatchNormalization.Builder().build(), n + "_c1");
            g.addLayer(n + "_r1", new ActivationLayer(Activation.RELU), n + "_bn1");
            g.addLayer(n + "_c2", conv(3, 1, channels), n + "_r1");
            g.addLayer(n + "_bn2", new BatchNormalization.Builder().build(), n + "_c2");
            String shortcut = in;
            if (project) {
                g.addLayer(n + "_down", conv(1, stride, channels), in);
                g.addLayer(n + "_down_bn", new BatchNormalization.Builder().build(), n + "_down");
                shortcut = n + "_down_bn";
            }
            g.addVertex(n + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), n + "_bn2", shortcut);
            g.addLayer(n + "_out", new ActivationLayer(Activation.RELU), n + "_add");
            return n + "_out";
        }

        private static ConvolutionLayer conv(int k, int stride, int channels) {
            return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(channels).hasBias(false)
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build();
        }
    }
}
