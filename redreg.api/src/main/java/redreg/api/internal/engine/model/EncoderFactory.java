package redreg.api.internal.engine.model;

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
import redreg.api.config.EncoderSpec;

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
        return build(modality, spec, type, seed, false);
    }

    /**
     * @param frozenNorm build every batch-norm layer as a per-channel affine map instead (a 1×1 depthwise
     *                   convolution of the same name): the eval-mode twin of the encoder, through which DL4J can
     *                   back-propagate an eval-mode pass correctly ({@link EvalTwin})
     */
    static ComputationGraph build(ModalitySpec modality, EncoderSpec spec, DataType type, long seed, boolean frozenNorm) {
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(type)
                .updater(new NoOp())
                .weightInit(WeightInit.RELU)
                // Training drives the graph with external errors, which DL4J's workspaces do not survive (batch
                // norm caches arrays across the two calls); no-grad passes (probes, evaluation) use them.
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("in");
        g.setInputTypes(inputType(modality, spec));
        String last = addLayers(new Named(g, "", frozenNorm), "in", modality, spec);
        g.setOutputs(last);
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /** DL4J's input type of a modality ([T, D] samples become recurrent [D, T]). */
    public static InputType inputType(ModalitySpec modality, EncoderSpec spec) {
        long[] s = modality.shape();
        return switch (resolveKind(modality, spec)) {
            case "cnn", "resnet18" -> InputType.convolutional(s[1], s[2], s[0]);
            case "sequence" -> InputType.recurrent(s[1], s[0]);
            default -> InputType.feedForward(flatSize(s));
        };
    }

    /**
     * Adds the encoder's layers to {@code g}, every name prefixed, reading from {@code input}; returns the name of
     * the feature vertex. Also used by the benchmark to build the identical graph for DL4J's own {@code fit()}.
     */
    public static String addLayers(GraphBuilder g, String prefix, String input, ModalitySpec modality, EncoderSpec spec) {
        return addLayers(new Named(g, prefix, false), input, modality, spec);
    }

    private static String addLayers(Named n, String input, ModalitySpec modality, EncoderSpec spec) {
        long[] s = modality.shape();
        String last = switch (resolveKind(modality, spec)) {
            case "cnn" -> cnn(n, input, spec, Math.min(s[1], s[2]));
            case "resnet18" -> ResNet18.add(n, input, spec.width());
            case "sequence" -> sequence(n, input, spec);
            default -> mlp(n, input, spec);
        };
        return n.layer(OUTPUT, new DenseLayer.Builder().nOut(spec.featureSize()).activation(Activation.RELU).build(), last);
    }

    // ---- Stage boundaries (mid-fusion; see StagedEncoder). One place that knows how the builders name layers. ----
    private static final java.util.regex.Pattern CNN_STAGE = java.util.regex.Pattern.compile("(?:conv|bn|relu|pool)(\\d+)");
    private static final java.util.regex.Pattern RESNET_STAGE = java.util.regex.Pattern.compile("s(\\d)b\\d+_.*");
    private static final java.util.regex.Pattern MLP_STAGE = java.util.regex.Pattern.compile("fc(\\d+)");
    private static final java.util.regex.Pattern SEQUENCE_STAGE = java.util.regex.Pattern.compile("tconv(\\d+)");

    /**
     * The encoder stage an (unprefixed) layer of {@link #addLayers} belongs to, or -1 for the head (pooling and the
     * dense feature layer {@value #OUTPUT}). cnn: one stage per conv block; resnet18: stem + layer1, layer2, layer3,
     * layer4; mlp: each fc; sequence: each tconv.
     */
    public static int stageOf(String kind, String layer) {
        if (layer.equals("gap") || layer.equals(OUTPUT)) {
            return -1;
        }
        if (kind.equals("resnet18") && layer.startsWith("stem")) {
            return 0;
        }
        java.util.regex.Pattern p = switch (kind) {
            case "cnn" -> CNN_STAGE;
            case "resnet18" -> RESNET_STAGE;
            case "mlp" -> MLP_STAGE;
            default -> SEQUENCE_STAGE;
        };
        java.util.regex.Matcher m = p.matcher(layer);
        if (!m.matches()) {
            throw new IllegalStateException("layer '" + layer + "' of a " + kind + " encoder belongs to no stage");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Adds layers under a name prefix; inputs are given unprefixed when produced by this helper. */
    record Named(GraphBuilder g, String prefix, boolean frozenNorm) {
        /** Batch norm, or its eval-mode twin: y_c = a_c·x_c + b_c as a 1×1 depthwise convolution. */
        org.deeplearning4j.nn.conf.layers.Layer norm() {
            if (frozenNorm) {
                return new org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D.Builder(1, 1).depthMultiplier(1)
                        .hasBias(true).activation(Activation.IDENTITY).build();
            }
            return new BatchNormalization.Builder().build();
        }

        String layer(String name, org.deeplearning4j.nn.conf.layers.Layer layer, String... inputs) {
            g.addLayer(prefix + name, layer, inputs);
            return prefix + name;
        }

        String vertex(String name, org.deeplearning4j.nn.conf.graph.GraphVertex v, String... inputs) {
            g.addVertex(prefix + name, v, inputs);
            return prefix + name;
        }
    }

    static long flatSize(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static String cnn(Named g, String input, EncoderSpec spec, long minSide) {
        String prev = input;
        int channels = spec.width();
        long side = minSide;
        for (int i = 0; i < spec.depth(); i++) {
            prev = g.layer("conv" + i, new ConvolutionLayer.Builder(3, 3).nOut(channels)
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), prev);
            prev = g.layer("bn" + i, g.norm(), prev);
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

    private static String sequence(Named g, String input, EncoderSpec spec) {
        String prev = input;
        for (int i = 0; i < spec.depth(); i++) {
            prev = g.layer("tconv" + i, new Convolution1DLayer.Builder().kernelSize(3).nOut(spec.width())
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), prev);
        }
        return g.layer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), prev);
    }

    private static String mlp(Named g, String input, EncoderSpec spec) {
        String prev = input;
        for (int i = 0; i < spec.depth(); i++) {
            prev = g.layer("fc" + i, new DenseLayer.Builder().nOut(spec.width()).activation(Activation.RELU).build(), prev);
        }
        return prev;
    }

    /** torchvision's ResNet-18 layout with a configurable base width (64 in the papers). */
    static final class ResNet18 {
        private ResNet18() {
        }

        static String add(Named g, String input, int width) {
            String prev = g.layer("stem", new ConvolutionLayer.Builder(7, 7).stride(2, 2).nOut(width).hasBias(false)
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), input);
            prev = g.layer("stem_bn", g.norm(), prev);
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

        private static String basicBlock(Named g, String n, String in, int channels, int stride, boolean project) {
            String x = g.layer(n + "_c1", conv(3, stride, channels), in);
            x = g.layer(n + "_bn1", g.norm(), x);
            x = g.layer(n + "_r1", new ActivationLayer(Activation.RELU), x);
            x = g.layer(n + "_c2", conv(3, 1, channels), x);
            x = g.layer(n + "_bn2", g.norm(), x);
            String shortcut = in;
            if (project) {
                shortcut = g.layer(n + "_down", conv(1, stride, channels), in);
                shortcut = g.layer(n + "_down_bn", g.norm(), shortcut);
            }
            String sum = g.vertex(n + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), x, shortcut);
            return g.layer(n + "_out", new ActivationLayer(Activation.RELU), sum);
        }

        private static ConvolutionLayer conv(int k, int stride, int channels) {
            return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(channels).hasBias(false)
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build();
        }
    }
}
