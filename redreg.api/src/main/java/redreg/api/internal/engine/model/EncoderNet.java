package redreg.api.internal.engine.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ModalityEncoder;

/**
 * One modality's encoder: a DL4J graph driven with external errors. Parameter and gradient maps are views
 * into the graph's flat buffers, keyed {@code layer_param}; batch-norm running statistics are kept apart as
 * "state" (DL4J updates them through their gradient slot: value -= gradient, no learning rate).
 */
public final class EncoderNet extends ParameterViews implements Encoder {
    private final String modality;
    private final ComputationGraph graph;
    private final ModalityEncoder encoder;
    private INDArray lastInput;
    private java.util.function.Supplier<ComputationGraph> twinBuilder;
    private EvalTwin evalTwin;

    /** @param encoder the modality's encoder plug-in and config (it converts batches to its graph's layout) */
    public EncoderNet(String modality, ComputationGraph graph, ModalityEncoder encoder) {
        this.modality = modality;
        this.graph = graph;
        this.encoder = encoder;
        for (Layer layer : graph.getLayers()) {
            addLayer(layer);
        }
    }

    public String modality() {
        return modality;
    }

    public ComputationGraph graph() {
        return graph;
    }

    /** Converts a batch from the task's layout to DL4J's for this encoder. */
    public INDArray adapt(INDArray batch) {
        return encoder.adapt(batch);
    }

    /** Training forward pass; keeps what backward needs. */
    public INDArray forward(INDArray batch, boolean train) {
        lastInput = adapt(batch);
        if (train) {
            return graph.feedForward(new INDArray[] {lastInput}, true, false).get(EncoderFactory.OUTPUT);
        }
        // An eval-mode forward that a backward follows (a kept eval pass, AGM's): inference workspaces would recycle
        // what the backward reads ("outdated workspace pointer"), so it runs without them, as training does.
        var conf = graph.getConfiguration();
        var saved = conf.getInferenceWorkspaceMode();
        conf.setInferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
        try {
            return graph.feedForward(new INDArray[] {lastInput}, false, false).get(EncoderFactory.OUTPUT);
        } finally {
            conf.setInferenceWorkspaceMode(saved);
        }
    }

    /** Back-propagates dL/dz of the last forward; the gradient views then hold the new gradient. */
    public void backward(INDArray featureGradient) {
        Gradient g = graph.backpropGradient(featureGradient);
        if (trainableGrad.isEmpty()) {
            for (var e : g.gradientForVariable().entrySet()) {
                boolean isState = state.containsKey(e.getKey());
                INDArray param = (isState ? state : trainable).get(e.getKey());
                INDArray grad = e.getValue();
                // DL4J's Conv1D keeps its kernel gradient as [out, in, k, 1] against a [out, in, k] parameter:
                // a c-order reshape of the contiguous view is still a view of the flat gradient.
                if (!java.util.Arrays.equals(grad.shape(), param.shape())) {
                    grad = grad.reshape('c', param.shape());
                }
                (isState ? stateGrad : trainableGrad).put(e.getKey(), grad);
            }
        }
    }

    /** A deep copy (parameters, batch-norm statistics) with its own buffers. */
    @Override
    public EncoderNet copy() {
        EncoderNet c = new EncoderNet(modality, graph.clone(), encoder);
        c.twinBuilder = twinBuilder;
        return c;
    }

    /** How to build this encoder's eval-mode twin (only encoders with batch norm need one). */
    public void twinBuilder(java.util.function.Supplier<ComputationGraph> builder) {
        this.twinBuilder = builder;
    }

    boolean hasBatchNorm() {
        return !state.isEmpty();
    }

    /**
     * Eval-mode forward of {@code input} and backward of {@code featureGradient}, added to the trainable gradients;
     * batch-norm state untouched. Encoders with batch norm go through their {@link EvalTwin}.
     */
    public void accumulateEvalBackward(INDArray input, INDArray featureGradient) {
        if (!hasBatchNorm()) {
            forward(input, false);
            accumulateBackward(featureGradient);
            return;
        }
        if (evalTwin == null) {
            if (twinBuilder == null) {
                throw new IllegalStateException("encoder " + modality + " has no eval-mode twin");
            }
            evalTwin = new EvalTwin(this, graph, this::adapt, twinBuilder.get());
        }
        evalTwin.accumulateBackward(input, featureGradient);
    }

    @Override
    public void close() {
        graph.close();
    }

    /** Runs the encoder alone: no gradient, no state change. */
    public INDArray encode(INDArray batch, boolean train) {
        return graph.output(train, adapt(batch))[0];
    }

    /** The flat gradient buffer (all parameters, state included). */
    public INDArray flatGradient() {
        return graph.getFlattenedGradients();
    }

    public long parameterCount() {
        return graph.numParams();
    }
}
