package redreg.api.internal.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Back-propagation of an eval-mode pass through an encoder with batch norm. DL4J's batch-norm backward always
 * uses the batch-statistics formula (and the arrays of the last training forward), which is wrong in eval mode,
 * where the layer is the per-channel affine map y = γ(x − μ)/σ + β with μ, σ the running statistics. The twin is
 * the same encoder with each batch norm built as that affine map (a 1×1 depthwise convolution, a = γ/σ,
 * b = β − aμ); its gradients map back by dγ = (da − μ·db)/σ and dβ = db.
 */
final class EvalTwin {
    private final Encoder live;
    private final UnaryOperator<INDArray> adapt;
    private final ComputationGraph twin;
    private final Map<String, INDArray> twinParams = new LinkedHashMap<>();
    private final Map<String, NormLayer> norms = new LinkedHashMap<>();

    /** One batch-norm layer's constants: its epsilon and whether DL4J keeps log10 σ instead of the variance. */
    private record NormLayer(double eps, boolean logStd) {
    }

    /**
     * @param live      the encoder whose gradients the twin's back-propagation adds to
     * @param liveGraph its graph (where the batch norms and their constants are read)
     * @param adapt     the encoder's conversion of a batch to its graph's layout
     */
    EvalTwin(Encoder live, ComputationGraph liveGraph, UnaryOperator<INDArray> adapt, ComputationGraph twin) {
        this.live = live;
        this.adapt = adapt;
        this.twin = twin;
        for (Layer layer : twin.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            layer.paramTable(false).forEach((k, v) -> twinParams.put(name + "_" + k, v));
        }
        for (Layer layer : liveGraph.getLayers()) {
            if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization bn) {
                norms.put(bn.getLayerName(), new NormLayer(bn.getEps(), bn.isUseLogStd()));
            }
        }
    }

    /** Eval-mode forward of {@code input} through the twin, then backward of {@code featureGradient}, added to the live gradients. */
    void accumulateBackward(INDArray input, INDArray featureGradient) {
        sync();
        twin.feedForward(new INDArray[] {adapt.apply(input)}, true, false);
        Gradient g = twin.backpropGradient(featureGradient);
        Map<String, INDArray> grads = g.gradientForVariable();
        Map<String, INDArray> liveGrads = live.gradients();
        for (var e : grads.entrySet()) {
            String key = e.getKey();
            String layer = key.substring(0, key.lastIndexOf('_'));
            if (norms.containsKey(layer)) {
                continue;
            }
            INDArray target = liveGrads.get(key);
            target.addi(e.getValue().reshape(target.shape()));
        }
        for (String layer : norms.keySet()) {
            INDArray sigma = sigma(layer);
            INDArray mu = flat(live.stateParameters().get(layer + "_mean"));
            INDArray da = flat(grads.get(layer + "_W"));
            INDArray db = flat(grads.get(layer + "_b"));
            INDArray dGamma = da.sub(mu.mul(db)).divi(sigma);
            INDArray gammaGrad = liveGrads.get(layer + "_gamma");
            gammaGrad.addi(dGamma.reshape(gammaGrad.shape()));
            INDArray betaGrad = liveGrads.get(layer + "_beta");
            betaGrad.addi(db.reshape(betaGrad.shape()));
        }
    }

    /** Copies the live parameters into the twin, batch norms as their affine maps. */
    private void sync() {
        Map<String, INDArray> params = live.parameters();
        for (var e : twinParams.entrySet()) {
            String key = e.getKey();
            String layer = key.substring(0, key.lastIndexOf('_'));
            if (!norms.containsKey(layer)) {
                e.getValue().assign(params.get(key).reshape(e.getValue().shape()));
            }
        }
        for (String layer : norms.keySet()) {
            INDArray a = flat(params.get(layer + "_gamma")).div(sigma(layer));
            INDArray b = flat(params.get(layer + "_beta")).sub(a.mul(flat(live.stateParameters().get(layer + "_mean"))));
            INDArray w = twinParams.get(layer + "_W");
            w.assign(a.reshape(w.shape()));
            INDArray bias = twinParams.get(layer + "_b");
            bias.assign(b.reshape(bias.shape()));
        }
    }

    /** The running σ as DL4J's eval forward uses it. */
    private INDArray sigma(String layer) {
        NormLayer n = norms.get(layer);
        Map<String, INDArray> state = live.stateParameters();
        if (n.logStd()) {
            return Transforms.pow(flat(state.get(layer + "_log10stdev")).castTo(state.get(layer + "_mean").dataType())
                    .ulike().assign(10), flat(state.get(layer + "_log10stdev")), true);
        }
        return Transforms.sqrt(flat(state.get(layer + "_var")).add(n.eps()), false);
    }

    private static INDArray flat(INDArray a) {
        return a.reshape(a.length());
    }
}
