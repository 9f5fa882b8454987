package redreg.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.DataPart;
import redreg.api.FeatureSet;
import redreg.api.Fusion;
import redreg.api.ModelFork;
import redreg.api.ParameterSnapshot;
import redreg.api.TrainingContext;
import redreg.api.signals.Gradients;

/**
 * A training context over given arrays, for a regulator's epoch-boundary hooks: live parameter maps (snapshots
 * and blends act on them), feature sets per part, forks from a supplier, a fusion. Its epoch is moved by the test
 * ({@link #setEpoch}). It records the feature passes asked for and the per-epoch diagnostics. What the test did
 * not give throws.
 *
 * <pre>{@code
 * TestContext ctx = TestContext.builder().modalities("audio", "visual").epochs(10).stepsPerEpoch(4)
 *         .parameters("audio", audioWeights).parameters("visual", visualWeights).build();
 * regulator.onTrainStart(ctx);
 * ctx.setEpoch(1);
 * regulator.onEpochStart(ctx);
 * }</pre>
 */
public final class TestContext implements TrainingContext {
    /** Answers {@link TrainingContext#features} for one part: the sample for this epoch, fraction and stream. */
    @FunctionalInterface
    public interface FeatureSource {
        FeatureSet features(int epoch, double fraction, String stream);
    }

    private final List<String> modalities;
    private final int numClasses;
    private final int epochs;
    private final int stepsPerEpoch;
    private final long seed;
    private final Map<String, Map<String, INDArray>> parameters;
    private final Map<String, Map<String, INDArray>> headParameters;
    private final Map<DataPart, Integer> sizes;
    private final Map<DataPart, FeatureSource> features;
    private final Supplier<ModelFork> forks;
    private final Fusion fusion;
    private int epoch;
    private final List<String> featureCalls = new ArrayList<>();
    private final Map<String, Double> diagnostics = new LinkedHashMap<>();

    private TestContext(Builder b) {
        this.modalities = List.copyOf(b.modalities);
        this.numClasses = b.numClasses;
        this.epochs = b.epochs;
        this.stepsPerEpoch = b.stepsPerEpoch;
        this.seed = b.seed;
        this.parameters = b.parameters;
        this.headParameters = b.headParameters;
        this.sizes = b.sizes;
        this.features = b.features;
        this.forks = b.forks;
        this.fusion = b.fusion;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Moves the context to an epoch (what the trainer does before {@code onEpochStart}). */
    public TestContext setEpoch(int epoch) {
        if (epoch < 0 || epoch >= epochs) {
            throw new IllegalArgumentException("epoch " + epoch + " of " + epochs);
        }
        this.epoch = epoch;
        return this;
    }

    /** The feature passes asked for, one {@code "<PART> <fraction> <stream>"} each, in order. */
    public List<String> featureCalls() {
        return Collections.unmodifiableList(featureCalls);
    }

    /** The per-epoch scalars recorded with {@link #diagnostic} (the last value of each). */
    public Map<String, Double> diagnostics() {
        return Collections.unmodifiableMap(diagnostics);
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
        return epoch;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    /** 0: a test context stands at an epoch boundary. */
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

    /** The engine's derivation ({@code Seeds.plugin}): a plug-in draws the same numbers here as in a run. */
    @Override
    public long seed(String stream) {
        return new redreg.api.Seeds(seed).plugin(stream);
    }

    @Override
    public int size(DataPart part) {
        Integer n = sizes.get(part);
        if (n == null) {
            throw new IllegalStateException("TestContext was given no size of " + part);
        }
        return n;
    }

    @Override
    public FeatureSet features(DataPart part, double fraction, String stream) {
        FeatureSource source = features.get(part);
        if (source == null) {
            throw new IllegalStateException("TestContext was given no features of " + part);
        }
        featureCalls.add(part + " " + fraction + " " + stream);
        return source.features(epoch, fraction, stream);
    }

    @Override
    public Map<String, INDArray> parameters(String modality) {
        return given(parameters, modality, "parameters");
    }

    @Override
    public Map<String, INDArray> headParameters(String modality) {
        return given(headParameters, modality, "head parameters");
    }

    @Override
    public ParameterSnapshot snapshot(String modality) {
        return new ParameterSnapshot(modality, Gradients.copy(parameters(modality)));
    }

    @Override
    public void blend(ParameterSnapshot snapshot, double alpha) {
        parameters(snapshot.modality()).forEach((k, v) ->
                v.muli(1 - alpha).addi(snapshot.parameters().get(k).mul(alpha)));
    }

    @Override
    public Fusion fusion() {
        if (fusion == null) {
            throw new IllegalStateException("TestContext was given no fusion");
        }
        return fusion;
    }

    @Override
    public ModelFork fork() {
        if (forks == null) {
            throw new IllegalStateException("TestContext was given no forks");
        }
        return forks.get();
    }

    @Override
    public void diagnostic(String name, double value) {
        diagnostics.put(name, value);
    }

    private static Map<String, INDArray> given(Map<String, Map<String, INDArray>> maps, String modality, String what) {
        Map<String, INDArray> m = maps.get(modality);
        if (m == null) {
            throw new IllegalStateException("TestContext was given no " + what + " of '" + modality + "'");
        }
        return m;
    }

    /** What a test gives a context. Unset: 3 classes, one epoch of one step, seed 0. */
    public static final class Builder {
        private final List<String> modalities = new ArrayList<>();
        private int numClasses = 3;
        private int epochs = 1;
        private int stepsPerEpoch = 1;
        private long seed;
        private final Map<String, Map<String, INDArray>> parameters = new LinkedHashMap<>();
        private final Map<String, Map<String, INDArray>> headParameters = new LinkedHashMap<>();
        private final Map<DataPart, Integer> sizes = new LinkedHashMap<>();
        private final Map<DataPart, FeatureSource> features = new LinkedHashMap<>();
        private Supplier<ModelFork> forks;
        private Fusion fusion;

        private Builder() {
        }

        public Builder modalities(String... names) {
            return modalities(List.of(names));
        }

        public Builder modalities(List<String> names) {
            modalities.addAll(names);
            return this;
        }

        public Builder numClasses(int k) {
            this.numClasses = k;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder stepsPerEpoch(int steps) {
            this.stepsPerEpoch = steps;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A modality's live encoder parameters: snapshots copy them, blends rewrite them in place. */
        public Builder parameters(String modality, Map<String, INDArray> live) {
            parameters.put(modality, live);
            return this;
        }

        /** Every modality's live encoder parameters at once. */
        public Builder parameters(Map<String, Map<String, INDArray>> live) {
            parameters.putAll(live);
            return this;
        }

        public Builder headParameters(String modality, Map<String, INDArray> live) {
            headParameters.put(modality, live);
            return this;
        }

        /** The number of samples in a part ({@code size(VALIDATION) == 0}: the run has no validation part). */
        public Builder size(DataPart part, int samples) {
            sizes.put(part, samples);
            return this;
        }

        /** The feature set a pass over {@code part} returns in each epoch, in order (the last repeats). */
        public Builder features(DataPart part, List<FeatureSet> perEpoch) {
            List<FeatureSet> sets = List.copyOf(perEpoch);
            return features(part, (epoch, fraction, stream) -> sets.get(Math.min(epoch, sets.size() - 1)));
        }

        public Builder features(DataPart part, FeatureSet set) {
            return features(part, List.of(set));
        }

        /** Answers passes over {@code part} by epoch, fraction and stream. */
        public Builder features(DataPart part, FeatureSource source) {
            features.put(part, source);
            return this;
        }

        /** Each {@link TrainingContext#fork()} takes the next fork from {@code forks}. */
        public Builder forks(Supplier<ModelFork> forks) {
            this.forks = forks;
            return this;
        }

        public Builder fusion(Fusion fusion) {
            this.fusion = fusion;
            return this;
        }

        public TestContext build() {
            if (modalities.isEmpty()) {
                throw new IllegalStateException("TestContext needs its modalities");
            }
            return new TestContext(this);
        }
    }
}
