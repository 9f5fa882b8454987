package redreg.api.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Fusion;
import redreg.api.nn.Linear;
import redreg.api.nn.Param;

/** Encoders, the fusion block with its fused head, and one linear head per modality. */
public final class MultimodalModel {
    private final List<String> modalities;
    private final Map<String, EncoderNet> encoders;
    private final Fusion fusion;
    private final Map<String, Linear> heads = new LinkedHashMap<>();
    private final Map<String, Integer> featureSizes;
    private final int numClasses;
    private final DataType type;

    public MultimodalModel(List<String> modalities, Map<String, EncoderNet> encoders, Fusion fusion,
                           Map<String, Integer> featureSizes, int numClasses, DataType type, long seed) {
        this.modalities = List.copyOf(modalities);
        this.encoders = encoders;
        this.fusion = fusion;
        this.featureSizes = featureSizes;
        this.numClasses = numClasses;
        this.type = type;
        Random random = new Random(seed ^ 0x5DEECE66DL);
        for (String m : modalities) {
            heads.put(m, new Linear("head." + m, featureSizes.get(m), numClasses, type, random));
        }
    }

    public List<String> modalities() {
        return modalities;
    }

    public EncoderNet encoder(String modality) {
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

    /** Parameters outside the encoders: fusion block, fused head and unimodal heads. */
    public List<Param> headParameters() {
        List<Param> out = new ArrayList<>(fusion.parameters());
        heads.values().forEach(h -> out.addAll(h.parameters()));
        return out;
    }

    /** Evaluation-mode predictions: fused logits and each head's logits. */
    public Map<String, INDArray> predict(Map<String, INDArray> inputs) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        List<INDArray> z = new ArrayList<>();
        for (String m : modalities) {
            INDArray f = encoders.get(m).encode(inputs.get(m), false);
            z.add(f);
            out.put(m, heads.get(m).forward(f));
        }
        out.put("fused", fusion.forward(z, false));
        return out;
    }

    /**
     * A deep copy with its own buffers: encoders cloned, a fresh fusion block from {@code freshFusion} and fresh
     * heads, then every parameter value copied over (state a fusion keeps outside its parameters is not copied).
     */
    public MultimodalModel copy(Fusion freshFusion) {
        Map<String, EncoderNet> copies = new LinkedHashMap<>();
        encoders.forEach((m, e) -> copies.put(m, e.copy()));
        MultimodalModel copy = new MultimodalModel(modalities, copies, freshFusion, featureSizes, numClasses, type, 0);
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
