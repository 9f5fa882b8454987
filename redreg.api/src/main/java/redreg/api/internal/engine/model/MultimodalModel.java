package redreg.api.internal.engine.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Fusion;
import redreg.api.Seeds;
import redreg.api.nn.Linear;
import redreg.api.nn.Param;

/** Encoders, the fusion block with its fused head, and one linear head per modality. */
public final class MultimodalModel {
    private final List<String> modalities;
    private final Map<String, Encoder> encoders;
    /** Set when the fusion has a mid-fusion: the encoders are staged and run together with it. */
    private final StagedPass staged;
    private final Fusion fusion;
    private final Map<String, Linear> heads = new LinkedHashMap<>();
    private final Map<String, Integer> featureSizes;
    private final int numClasses;
    private final DataType type;
    private final ObjectiveLoss loss;

    /** {@code numClasses}: the heads' output units (the objective's: K classes, or 1 for a regression). */
    public MultimodalModel(List<String> modalities, Map<String, ? extends Encoder> encoders, Fusion fusion,
                           Map<String, Integer> featureSizes, int numClasses, DataType type, Random headWeights,
                           ObjectiveLoss loss) {
        this.loss = loss;
        this.modalities = List.copyOf(modalities);
        this.encoders = new LinkedHashMap<>(encoders);
        this.staged = fusion.midFusion().map(mid -> new StagedPass(this.modalities.stream()
                .map(m -> (StagedEncoder) encoders.get(m)).toList(), mid)).orElse(null);
        this.fusion = fusion;
        this.featureSizes = featureSizes;
        this.numClasses = numClasses;
        this.type = type;
        for (String m : modalities) {
            heads.put(m, new Linear("head." + m, featureSizes.get(m), numClasses, type, headWeights));
        }
    }

    public List<String> modalities() {
        return modalities;
    }

    public Encoder encoder(String modality) {
        return encoders.get(modality);
    }

    public Fusion fusion() {
        return fusion;
    }

    public Linear head(String modality) {
        return heads.get(modality);
    }

    public int numClasses() {
        return numClasses;
    }

    /** The objective's loss: what the step, the forks and the evaluation score the outputs with. */
    public ObjectiveLoss loss() {
        return loss;
    }

    /** Parameters outside the encoders: fusion block, fused head and unimodal heads. */
    public List<Param> headParameters() {
        List<Param> out = new ArrayList<>(fusion.parameters());
        heads.values().forEach(h -> out.addAll(h.parameters()));
        return out;
    }

    /** Whether the encoders run stage by stage with the fusion's mid-fusion between stages. */
    public boolean hasMidFusion() {
        return staged != null;
    }

    /** Training forward of every encoder (with the mid-fusion between stages, if any): z_m in modality order. */
    public List<INDArray> forwardFeatures(List<INDArray> inputs, boolean train) {
        if (staged != null) {
            return staged.forward(inputs, train);
        }
        List<INDArray> z = new ArrayList<>();
        for (int i = 0; i < modalities.size(); i++) {
            z.add(encoders.get(modalities.get(i)).forward(inputs.get(i), train));
        }
        return z;
    }

    /** Back-propagates dL/dz_m (modality order) through the last {@link #forwardFeatures}. */
    public void backwardFeatures(List<INDArray> featureGradients) {
        if (staged != null) {
            staged.backward(featureGradients);
            return;
        }
        for (int i = 0; i < modalities.size(); i++) {
            encoders.get(modalities.get(i)).backward(featureGradients.get(i));
        }
    }

    /**
     * One encoder's gradient of a part of the loss when the encoders share a mid-fusion: the joint staged forward
     * and backward of {@code featureGradients} (modality order), every encoder's and the fusion's live gradients
     * restored afterwards. The forward counts towards a block's running statistics like any training forward.
     */
    public Map<String, INDArray> partGradients(String modality, List<INDArray> inputs, List<INDArray> featureGradients) {
        List<INDArray> savedEncoders = new ArrayList<>();
        modalities.forEach(m -> savedEncoders.add(encoders.get(m).flatGradient().dup()));
        List<INDArray> savedFusion = new ArrayList<>();
        fusion.parameters().forEach(p -> savedFusion.add(p.gradient().dup()));
        forwardFeatures(inputs, true);
        backwardFeatures(featureGradients);
        Map<String, INDArray> out = new LinkedHashMap<>();
        encoders.get(modality).gradients().forEach((k, v) -> out.put(k, v.dup()));
        for (int i = 0; i < modalities.size(); i++) {
            encoders.get(modalities.get(i)).flatGradient().assign(savedEncoders.get(i));
        }
        for (int i = 0; i < savedFusion.size(); i++) {
            fusion.parameters().get(i).gradient().assign(savedFusion.get(i));
        }
        return out;
    }

    /** No-grad features of every modality (with the mid-fusion, if any), modality order: nothing is kept. */
    public List<INDArray> encodeFeatures(Map<String, INDArray> inputs, boolean train) {
        List<INDArray> x = modalities.stream().map(inputs::get).toList();
        if (staged != null) {
            return staged.encode(x, train);
        }
        List<INDArray> z = new ArrayList<>();
        for (int i = 0; i < modalities.size(); i++) {
            z.add(encoders.get(modalities.get(i)).encode(x.get(i), train));
        }
        return z;
    }

    /** Evaluation-mode predictions: fused logits and each head's logits. */
    public Map<String, INDArray> predict(Map<String, INDArray> inputs) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        List<INDArray> z = encodeFeatures(inputs, false);
        for (int i = 0; i < modalities.size(); i++) {
            out.put(modalities.get(i), heads.get(modalities.get(i)).forward(z.get(i)));
        }
        out.put("fused", fusion.forward(z, false));
        return out;
    }

    /**
     * A deep copy with its own buffers: encoders cloned, a fresh fusion block from {@code freshFusion} and fresh
     * heads, then every parameter value copied over (state a fusion keeps outside its parameters is not copied).
     */
    public MultimodalModel copy(Fusion freshFusion) {
        Map<String, Encoder> copies = new LinkedHashMap<>();
        encoders.forEach((m, e) -> copies.put(m, e.copy()));
        MultimodalModel copy = new MultimodalModel(modalities, copies, freshFusion, featureSizes, numClasses, type,
                Seeds.overwritten(), loss);
        List<Param> from = headParameters();
        List<Param> to = copy.headParameters();
        if (from.size() != to.size()) {
            throw new IllegalStateException("fusion copy has " + to.size() + " parameters, expected " + from.size());
        }
        for (int i = 0; i < from.size(); i++) {
            to.get(i).value().assign(from.get(i).value());
        }
        return copy;
    }
}
