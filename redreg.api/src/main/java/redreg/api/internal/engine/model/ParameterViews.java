package redreg.api.internal.engine.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameter and gradient views an encoder hands out, keyed {@code layer_param}: trainable tensors apart from
 * batch-norm running statistics ("state", which DL4J updates through their gradient slot). Shared by
 * {@link EncoderNet} and {@link StagedEncoder}.
 */
abstract class ParameterViews {
    private static final Set<String> BN_STATE = Set.of("mean", "var", "log10stdev");
    protected final Map<String, INDArray> trainable = new LinkedHashMap<>();
    protected final Map<String, INDArray> state = new LinkedHashMap<>();
    protected final Map<String, INDArray> trainableGrad = new LinkedHashMap<>();
    protected final Map<String, INDArray> stateGrad = new LinkedHashMap<>();

    /** Files a layer's parameter views under {@code layer_param}, batch-norm statistics as state. */
    protected final void addLayer(Layer layer) {
        String layerName = layer.conf().getLayer().getLayerName();
        boolean bn = layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization;
        for (var e : layer.paramTable(false).entrySet()) {
            String key = layerName + "_" + e.getKey();
            (bn && BN_STATE.contains(e.getKey()) ? state : trainable).put(key, e.getValue());
        }
    }

    public Map<String, INDArray> parameters() {
        return Collections.unmodifiableMap(trainable);
    }

    public Map<String, INDArray> gradients() {
        return Collections.unmodifiableMap(trainableGrad);
    }

    public Map<String, INDArray> stateParameters() {
        return Collections.unmodifiableMap(state);
    }

    public Map<String, INDArray> stateGradients() {
        return Collections.unmodifiableMap(stateGrad);
    }
}
