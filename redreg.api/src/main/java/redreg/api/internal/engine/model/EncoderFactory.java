package redreg.api.internal.engine.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import redreg.api.ConfigException;
import redreg.api.nn.EncoderGraph;
import redreg.api.nn.BatchNorm;
import redreg.api.nn.MaxPooling;
import redreg.api.ModalityEncoder;
import redreg.api.ModalitySpec;

/**
 * Builds one encoder per modality as a single-input DL4J graph whose output vertex {@value #OUTPUT} is the
 * pooled feature z_m: the encoder plug-in's layers ({@link redreg.api.EncoderProvider}), then the engine's dense
 * ReLU feature layer. The graph has no loss: the engine feeds it external errors (its own losses). No encoder is
 * named here: every kind comes through the SPI.
 */
public final class EncoderFactory {
    public static final String OUTPUT = "z";
    /** {@code -Dredreg.maxPooling.ownKernel=false}: DL4J's max pooling as it is (oneDNN's kernel), for A/B timing. */
    static final boolean BATCH_NORM_FASTER_STATS = !"false".equals(System.getProperty("redreg.batchNorm.fasterStats"));
    static final boolean MAX_POOLING_OWN_KERNEL = !"false".equals(System.getProperty("redreg.maxPooling.ownKernel"));

    private EncoderFactory() {
    }

    public static ComputationGraph build(ModalitySpec modality, ModalityEncoder encoder, DataType type, long seed) {
        return build(modality, encoder, type, seed, false);
    }

    /**
     * @param frozenNorm build every batch-norm layer as a per-channel affine map instead (a 1×1 depthwise
     *                   convolution of the same name): the eval-mode twin of the encoder, through which DL4J can
     *                   back-propagate an eval-mode pass correctly ({@link EvalTwin})
     */
    static ComputationGraph build(ModalitySpec modality, ModalityEncoder encoder, DataType type, long seed,
                                  boolean frozenNorm) {
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(type)
                .updater(new NoOp())
                .weightInit(WeightInit.RELU)
                // No-grad passes (probes, evaluation) use workspaces; training only on the float path with oneDNN's
                // helpers: DL4J's own batch-norm backward reads arrays its forward left in a workspace closed since
                // ("outdated workspace pointer", StagedEncoderTest's double-precision cases with them on).
                .trainingWorkspaceMode(trainingWorkspaces(type))
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs("in");
        g.setInputTypes(encoder.inputType(modality.shape()));
        String last = addLayers(new Named(g, "", frozenNorm), "in", modality, encoder);
        g.setOutputs(last);
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /**
     * Training workspaces where DL4J survives them: float graphs whose batch norm runs the oneDNN helper (it keeps its
     * statistics outside workspaces); {@code -Dredreg.trainingWorkspaces=false} switches them off for A/B.
     */
    static WorkspaceMode trainingWorkspaces(DataType type) {
        boolean helpers = "false".equals(System.getProperty("org.eclipse.deeplearning4j.helpers.disable"));
        boolean wanted = !"false".equals(System.getProperty("redreg.trainingWorkspaces"));
        return wanted && helpers && type == DataType.FLOAT ? WorkspaceMode.ENABLED : WorkspaceMode.NONE;
    }

    /**
     * Adds the encoder's layers to {@code g}, every name prefixed, reading from {@code input}; returns the name of
     * the feature vertex. Also used by the benchmark to build the identical graph for DL4J's own {@code fit()}.
     */
    public static String addLayers(GraphBuilder g, String prefix, String input, ModalitySpec modality,
                                   ModalityEncoder encoder) {
        return addLayers(new Named(g, prefix, false), input, modality, encoder);
    }

    private static String addLayers(Named n, String input, ModalitySpec modality, ModalityEncoder encoder) {
        long before = batchNorms(n.g());
        String last = encoder.addLayers(n, input, modality.shape());
        if (!n.frozenNorm() && batchNorms(n.g()) - before != n.norms[0]) {
            throw new ConfigException("model.encoder.kind: encoder '" + encoder.kind() + "' adds BatchNormalization"
                    + " directly; take it from EncoderGraph.batchNorm() so eval-mode passes back-propagate (modality "
                    + modality.name() + ")");
        }
        return n.layer(OUTPUT, new DenseLayer.Builder().nOut(encoder.featureSize()).activation(Activation.RELU).build(),
                last);
    }

    private static long batchNorms(GraphBuilder g) {
        return g.getVertices().values().stream().filter(v -> v instanceof LayerVertex lv
                && lv.getLayerConf().getLayer() instanceof BatchNormalization).count();
    }

    /**
     * The encoder stage an (unprefixed) layer of {@link #addLayers} belongs to, or -1 for the head (the plug-in's
     * pooling and the dense feature layer {@value #OUTPUT}).
     */
    public static int stageOf(ModalityEncoder encoder, String layer) {
        if (layer.equals(OUTPUT)) {
            return -1;
        }
        return encoder.stageOf(layer);
    }

    /** Adds layers under a name prefix; inputs are given in full (as this helper returns them). */
    static final class Named implements EncoderGraph {
        private final GraphBuilder g;
        /** Names and adds layers; this class only changes what batch norm is. */
        private final EncoderGraph plain;
        private final boolean frozenNorm;
        /** How many batch norms the plug-in took from {@link #batchNorm()}. */
        final long[] norms = {0};

        Named(GraphBuilder g, String prefix, boolean frozenNorm) {
            this.g = g;
            this.plain = EncoderGraph.of(g, prefix);
            this.frozenNorm = frozenNorm;
        }

        GraphBuilder g() {
            return g;
        }

        boolean frozenNorm() {
            return frozenNorm;
        }

        /** Batch norm, or its eval-mode twin: y_c = a_c·x_c + b_c as a 1×1 depthwise convolution. */
        @Override
        public Layer batchNorm() {
            norms[0]++;
            if (frozenNorm) {
                return new org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D.Builder(1, 1).depthMultiplier(1)
                        .hasBias(true).activation(Activation.IDENTITY).build();
            }
            // DL4J's batch norm with its batch variance computed faster (same numbers); -Dredreg.batchNorm.fasterStats=false: DL4J's
            return BATCH_NORM_FASTER_STATS ? new BatchNorm() : new BatchNormalization.Builder().build();
        }

        /** Every layer an encoder adds; DL4J's 2-D max pooling becomes {@link MaxPooling} (same numbers, faster kernel). */
        @Override
        public String layer(String name, Layer layer, String... inputs) {
            return plain.layer(name, MAX_POOLING_OWN_KERNEL ? MaxPooling.inPlaceOf(layer) : layer, inputs);
        }

        @Override
        public String vertex(String name, GraphVertex v, String... inputs) {
            return plain.vertex(name, v, inputs);
        }
    }
}
