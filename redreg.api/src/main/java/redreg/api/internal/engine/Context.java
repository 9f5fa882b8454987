package redreg.api.internal.engine;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.TrainingContext;

/** The run as regulators see it between steps. */
final class Context implements TrainingContext {
    private final MultimodalModel model;
    private final int classes;
    private final int epochs;
    private final int stepsPerEpoch;
    private final long seed;
    private int epoch;

    Context(MultimodalModel model, int classes, int epochs, int stepsPerEpoch, long seed) {
        this.model = model;
        this.classes = classes;
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.seed = seed;
    }

    Context at(int epoch) {
        this.epoch = epoch;
        return this;
    }

    @Override
    public List<String> modalities() {
        return model.modalities();
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Map<String, INDArray> parameters(String modality) {
        return model.encoder(modality).parameters();
    }

    @Override
    public redreg.api.Fusion fusion() {
        return model.fusion();
    }

    @Override
    public Map<String, INDArray> headParameters(String modality) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        model.head(modality).parameters().forEach(p -> out.put(p.name(), p.value()));
        return java.util.Collections.unmodifiableMap(out);
    }

    // Engine v2 placeholders: replaced by the open step in the next commit.
    @Override
    public long seed(String stream) {
        throw new IllegalStateException("engine v2 in progress");
    }

    @Override
    public int size(redreg.api.DataPart part) {
        throw new IllegalStateException("engine v2 in progress");
    }

    @Override
    public redreg.api.FeatureSet features(redreg.api.DataPart part, double fraction, String stream) {
        throw new IllegalStateException("engine v2 in progress");
    }

    @Override
    public redreg.api.ParameterSnapshot snapshot(String modality) {
        throw new IllegalStateException("engine v2 in progress");
    }

    @Override
    public void blend(redreg.api.ParameterSnapshot snapshot, double alpha) {
        throw new IllegalStateException("engine v2 in progress");
    }

    @Override
    public redreg.api.ModelFork fork() {
        throw new IllegalStateException("engine v2 in progress");
    }
}
