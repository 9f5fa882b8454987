package redreg.api.internal.engine.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import redreg.api.ModalitySpec;
import redreg.api.ModalityEncoder;

/**
 * One modality's encoder cut into stages for mid-fusion ({@link redreg.api.MidFusion}): a chain of DL4J graphs,
 * one per stage ({@link EncoderFactory#stageOf}), then the head (pooling and the dense feature layer) giving z_m.
 * Same role as {@link EncoderNet}, with a stage-by-stage forward and backward in between.
 *
 * <p>The pieces are cut from the full graph {@link EncoderFactory#build} makes, so layer names, parameter keys
 * ({@code layer_param}) and the initial values are those of the un-staged encoder. Their parameters and gradients
 * live in one flat buffer each (the pieces hold consecutive views), so {@link #flatGradient()} covers them all.
 */
public final class StagedEncoder extends ParameterViews implements Encoder {
    private static final String IN = "in";
    private final String modality;
    private final ModalityEncoder encoder;
    /** Stages 0..S-1, then the head. */
    private final List<Piece> pieces = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final List<long[]> stageShapes = new ArrayList<>();
    private final INDArray flatGradient;
    private final Map<String, INDArray> unbound = new LinkedHashMap<>();

    /** Builds the full encoder exactly as the un-staged engine does, then cuts it. */
    public static StagedEncoder build(ModalitySpec modality, ModalityEncoder encoder,
                                      org.nd4j.linalg.api.buffer.DataType type, long seed) {
        ComputationGraph full = EncoderFactory.build(modality, encoder, type, seed);
        return new StagedEncoder(modality.name(), full, encoder, encoder.inputType(modality.shape()));
    }

    /** Cuts {@code full} (built by {@link EncoderFactory#build}) into stages, copying its parameters and state. */
    public StagedEncoder(String modality, ComputationGraph full, ModalityEncoder encoder, InputType inputType) {
        this.modality = modality;
        this.encoder = encoder;
        if (!encoder.hasStages()) {
            throw new redreg.api.ConfigException("model.encoder.kind: encoder '" + encoder.kind() + "' (modality "
                    + modality + ") declares no stages (EncoderProvider.stageOf); a mid-fusion needs them");
        }
        ComputationGraphConfiguration conf = full.getConfiguration();
        List<ComputationGraphConfiguration> confs = pieces(conf, encoder);
        if (confs.size() == 1) {
            throw new redreg.api.ConfigException("model.encoder: a " + encoder.kind() + " encoder of depth 0 has no stage to fuse"
                    + " after (modality " + modality + "); mid-fusion needs depth >= 1");
        }
        Map<String, InputType> types = conf.getLayerActivationTypes(inputType);
        for (ComputationGraphConfiguration c : confs) {
            String out = c.getNetworkOutputs().get(0);
            outputs.add(out);
            if (outputs.size() < confs.size()) {
                stageShapes.add(types.get(out).getShape(false));
            }
        }
        long[] counts = confs.stream()
                .mapToLong(c -> c.getVertices().values().stream().mapToLong(v -> v.numParams(true)).sum()).toArray();
        long total = java.util.Arrays.stream(counts).sum();
        var dtype = full.params().dataType();
        INDArray flatParams = Nd4j.create(dtype, 1, Math.max(total, 1));
        this.flatGradient = Nd4j.create(dtype, 1, Math.max(total, 1));
        long offset = 0;
        for (int piece = 0; piece < confs.size(); piece++) {
            Piece g = new Piece(confs.get(piece));
            long n = counts[piece];
            if (n > 0) {
                g.init(flatParams.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(offset, offset + n)), false);
                // setBackpropGradientsViewArray only re-points the layers: create the graph's own view first, or the
                // first backward would replace ours with a fresh one.
                g.initGradientsView();
                g.setBackpropGradientsViewArray(
                        flatGradient.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(offset, offset + n)));
            } else {
                g.init();
            }
            offset += n;
            pieces.add(g);
        }
        Map<String, Layer> byName = new LinkedHashMap<>();
        pieces.forEach(g -> java.util.Arrays.stream(g.getLayers()).forEach(l -> byName.put(l.conf().getLayer().getLayerName(), l)));
        // In the full graph's layer order, so every map iterates as EncoderNet's do (seeded per-tensor noise repeats).
        for (Layer original : full.getLayers()) {
            String name = original.conf().getLayer().getLayerName();
            Layer layer = byName.get(name);
            Map<String, INDArray> source = original.paramTable(false);
            layer.paramTable(false).forEach((k, v) -> v.assign(source.get(k)));
            addLayer(layer);
        }
    }

    /**
     * The per-sample output shape of each stage of an encoder built by {@link EncoderFactory#build} (empty when it has
     * no stage): what {@link redreg.api.FusionContext#stageShapes()} reports, known before any piece is built.
     */
    public static List<long[]> stageShapes(ComputationGraph full, ModalityEncoder encoder, InputType inputType) {
        if (!encoder.hasStages()) {
            return List.of();
        }
        ComputationGraphConfiguration conf = full.getConfiguration();
        Map<String, InputType> types = conf.getLayerActivationTypes(inputType);
        List<ComputationGraphConfiguration> confs = pieces(conf, encoder);
        List<long[]> out = new ArrayList<>();
        for (ComputationGraphConfiguration c : confs.subList(0, confs.size() - 1)) {
            out.add(types.get(c.getNetworkOutputs().get(0)).getShape(false));
        }
        return out;
    }

    /** The configurations of the pieces: stages 0..S-1, then the head. */
    private static List<ComputationGraphConfiguration> pieces(ComputationGraphConfiguration conf, ModalityEncoder encoder) {
        Map<String, Integer> stage = new LinkedHashMap<>();
        int stages = 0;
        for (String v : conf.getTopologicalOrderStr()) {
            if (!conf.getNetworkInputs().contains(v)) {
                int s = EncoderFactory.stageOf(encoder, v);
                stage.put(v, s);
                stages = Math.max(stages, s + 1);
            }
        }
        List<ComputationGraphConfiguration> confs = new ArrayList<>();
        String previous = conf.getNetworkInputs().get(0);
        for (int piece = 0; piece <= stages; piece++) {
            ComputationGraphConfiguration c = cut(conf, stage, piece == stages ? -1 : piece, previous);
            confs.add(c);
            previous = c.getNetworkOutputs().get(0);
        }
        return confs;
    }

    /** The part of {@code conf} made of the vertices of stage {@code s} (-1: the head), reading {@code previous} as its input. */
    private static ComputationGraphConfiguration cut(ComputationGraphConfiguration conf, Map<String, Integer> stage,
                                                     int s, String previous) {
        Map<String, GraphVertex> vertices = new LinkedHashMap<>();
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        Set<String> consumedOutside = new LinkedHashSet<>();
        for (var e : stage.entrySet()) {
            String v = e.getKey();
            List<String> in = conf.getVertexInputs().get(v);
            if (e.getValue() != s) {
                if (s >= 0 && (e.getValue() > s || e.getValue() < 0)) {
                    in.stream().filter(i -> stage.getOrDefault(i, Integer.MIN_VALUE) == s).forEach(consumedOutside::add);
                }
                continue;
            }
            vertices.put(v, conf.getVertices().get(v).clone());
            List<String> mapped = new ArrayList<>();
            for (String i : in) {
                if (stage.getOrDefault(i, Integer.MIN_VALUE) == s) {
                    mapped.add(i);
                } else if (i.equals(previous)) {
                    mapped.add(IN);
                } else {
                    throw new IllegalStateException("vertex " + v + " reads " + i + " across a stage boundary");
                }
            }
            inputs.put(v, mapped);
        }
        String output = s < 0 ? conf.getNetworkOutputs().get(0) : single(consumedOutside, s);
        // DL4J takes the external error only at vertices flagged as outputs (GraphBuilder.build sets the flag).
        if (vertices.get(output) instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) {
            lv.setOutputVertex(true);
        }
        ComputationGraphConfiguration c = conf.clone();
        c.setVertices(vertices);
        c.setVertexInputs(inputs);
        c.setNetworkInputs(new ArrayList<>(List.of(IN)));
        c.setNetworkOutputs(new ArrayList<>(List.of(output)));
        c.setTopologicalOrder(null);
        c.setTopologicalOrderStr(null);
        // DL4J's backward picks its workspaces by the *inference* mode; with them the error handed from one piece to
        // the next would live in a workspace already closed. Pieces therefore run without any workspace.
        c.setInferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
        return c;
    }

    private static String single(Set<String> outputs, int stage) {
        if (outputs.size() != 1) {
            throw new IllegalStateException("stage " + stage + " must hand exactly one map on, found " + outputs);
        }
        return outputs.iterator().next();
    }

    public String modality() {
        return modality;
    }

    /** Number of stages (the head not counted). */
    public int stages() {
        return pieces.size() - 1;
    }

    /** The per-sample shape at the output of each stage ([C, H, W], [C, T] or [C]). */
    public List<long[]> stageShapes() {
        return Collections.unmodifiableList(stageShapes);
    }

    /** Converts a batch from the task's layout to DL4J's for this encoder. */
    public INDArray adapt(INDArray batch) {
        return encoder.adapt(batch);
    }

    /** Training forward of stage {@code s}: stage 0 reads the raw batch, later stages the previous stage's (fused) map. */
    public INDArray forwardStage(int s, INDArray input, boolean train) {
        INDArray x = s == 0 ? adapt(input) : input;
        return pieces.get(s).feedForward(new INDArray[] {x}, train, false).get(outputs.get(s));
    }

    /** Training forward of the head: the last stage's (fused) map to z. */
    public INDArray forwardHead(INDArray lastMap, boolean train) {
        return forwardStage(stages(), lastMap, train);
    }

    /** All stages and the head, without any fusion between them (the un-staged encoder's forward). */
    public INDArray forward(INDArray batch, boolean train) {
        INDArray x = batch;
        for (int s = 0; s < pieces.size(); s++) {
            x = forwardStage(s, x, train);
        }
        return x;
    }

    /** Back-propagates dL/dz through the head of the last forward; returns dL/d(last stage's map). */
    public INDArray backwardHead(INDArray featureGradient) {
        return backwardStage(stages(), featureGradient);
    }

    /**
     * Back-propagates dL/d(output of stage s) through stage s, writing its parameters' gradients; returns dL/d(its
     * input), or null for stage 0 (the raw input needs none).
     */
    public INDArray backwardStage(int s, INDArray outputGradient) {
        Piece g = pieces.get(s);
        INDArray inputGradient = g.backprop(outputGradient);
        bindGradients(g.gradient());
        return s == 0 ? null : inputGradient;
    }

    /**
     * A stage graph that also hands out dL/d(its input): ComputationGraph.backpropGradient clears every vertex,
     * the input's epsilon with them, so the backward runs without clearing, reads it, then clears.
     */
    private static final class Piece extends ComputationGraph {
        Piece(ComputationGraphConfiguration conf) {
            super(conf);
        }

        INDArray backprop(INDArray outputGradient) {
            calcBackpropGradients(false, false, outputGradient);
            INDArray inputGradient = getVertex(IN).getEpsilon();
            for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : getVertices()) {
                v.clear();
            }
            return inputGradient;
        }
    }

    /** Full backward without fusion (the un-staged encoder's backward). */
    public void backward(INDArray featureGradient) {
        INDArray eps = featureGradient;
        for (int s = pieces.size() - 1; s >= 0; s--) {
            eps = backwardStage(s, eps);
        }
    }

    /** Collects the gradient views once every piece has run a backward, in parameter order (as EncoderNet's). */
    private void bindGradients(Gradient g) {
        if (!trainableGrad.isEmpty()) {
            return;
        }
        unbound.putAll(g.gradientForVariable());
        if (unbound.size() < trainable.size() + state.size()) {
            return;
        }
        for (Map<String, INDArray> params : List.of(trainable, state)) {
            for (var p : params.entrySet()) {
                INDArray grad = unbound.get(p.getKey());
                // Conv1D keeps its kernel gradient as [out, in, k, 1] (see EncoderNet): a c-order reshape is still a view.
                if (!java.util.Arrays.equals(grad.shape(), p.getValue().shape())) {
                    grad = grad.reshape('c', p.getValue().shape());
                }
                (params == trainable ? trainableGrad : stateGrad).put(p.getKey(), grad);
            }
        }
        unbound.clear();
    }

    /** No-grad, no-state-change run of stage {@code s} (evaluation and probes). */
    public INDArray encodeStage(int s, INDArray input, boolean train) {
        return pieces.get(s).output(train, s == 0 ? adapt(input) : input)[0];
    }

    /** Runs the encoder alone, without mid-fusion: no gradient, no state change. */
    public INDArray encode(INDArray batch, boolean train) {
        INDArray x = batch;
        for (int s = 0; s < pieces.size(); s++) {
            x = encodeStage(s, x, train);
        }
        return x;
    }

    /** The flat gradient buffer of every piece (all parameters, state included). */
    public INDArray flatGradient() {
        return flatGradient;
    }

    /** Forks (G-Blending's nested training) of a mid-fusion model are not offered yet. */
    @Override
    public Encoder copy() {
        throw new UnsupportedOperationException("copying a model with a mid-fusion (a fork) is not supported yet");
    }

    @Override
    public void close() {
        pieces.forEach(ComputationGraph::close);
    }

    public long parameterCount() {
        return pieces.stream().mapToLong(Piece::numParams).sum();
    }
}
