package redreg.regulators.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.DataPart;
import redreg.api.FeatureSet;
import redreg.api.ModelFork;
import redreg.api.ParameterSnapshot;
import redreg.api.TrainingContext;
import redreg.api.signals.Gradients;

/**
 * A training context over fixed arrays: live parameter maps (snapshots and blends act on them), feature sets given
 * per part and epoch, and forks from a supplier. What a test does not set throws.
 */
final class FakeContext implements TrainingContext {
    final List<String> modalities;
    final Map<String, Map<String, INDArray>> live;
    final int epochs;
    final int stepsPerEpoch;
    final long seed;
    final int[] epoch;
    int numClasses = 3;
    final Map<DataPart, Integer> sizes = new LinkedHashMap<>();
    /** Feature sets by part, one per epoch (the last one repeats). */
    final Map<DataPart, List<FeatureSet>> features = new LinkedHashMap<>();
    final List<String> featureCalls = new java.util.ArrayList<>();
    Supplier<ModelFork> forks;

    FakeContext(List<String> modalities, Map<String, Map<String, INDArray>> live, int epochs, int stepsPerEpoch,
                long seed, int[] epoch) {
        this.modalities = modalities;
        this.live = live;
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.seed = seed;
        this.epoch = epoch;
    }

    @Override
    public List<String> modalities() {
        return modalities;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int epoch() {
        return epoch[0];
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public int stepInEpoch() {
        return 0;
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
    public long seed(String stream) {
        return seed ^ stream.hashCode();
    }

    @Override
    public Map<String, INDArray> parameters(String modality) {
        return live.get(modality);
    }

    @Override
    public int size(DataPart part) {
        Integer n = sizes.get(part);
        if (n == null) {
            throw new UnsupportedOperationException("FakeContext has no size for " + part);
        }
        return n;
    }

    @Override
    public FeatureSet features(DataPart part, double fraction, String stream) {
        List<FeatureSet> sets = features.get(part);
        if (sets == null) {
            throw new UnsupportedOperationException("FakeContext has no features for " + part);
        }
        featureCalls.add(part + " " + fraction + " " + stream);
        return sets.get(Math.min(epoch[0], sets.size() - 1));
    }

    @Override
    public ParameterSnapshot snapshot(String modality) {
        return new ParameterSnapshot(modality, Gradients.copy(live.get(modality)));
    }

    @Override
    public void blend(ParameterSnapshot snapshot, double alpha) {
        live.get(snapshot.modality()).forEach((k, v) -> v.muli(1 - alpha).addi(snapshot.parameters().get(k).mul(alpha)));
    }

    @Override
    public ModelFork fork() {
        if (forks == null) {
            throw new UnsupportedOperationException("FakeContext has no model to fork");
        }
        return forks.get();
    }

    final Map<String, Double> epochDiagnostics = new java.util.LinkedHashMap<>();

    @Override
    public void diagnostic(String name, double value) {
        epochDiagnostics.put(name, value);
    }
}
