package redreg.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.ForwardPass;
import redreg.api.LossControl;
import redreg.api.LossWeights;
import redreg.api.PassSpec;
import redreg.api.StepView;

/**
 * A training step built from given arrays: both the view a regulator's {@code shapeLoss} gets ({@link LossControl})
 * and the one its {@code regulate} gets ({@link StepView}). It records what the regulator did: the diagnostics, the
 * loss weights, the terms added, the extra passes asked for and what was back-propagated through them.
 *
 * <pre>{@code
 * TestStep step = TestStep.builder().labels(0, 1, 2).clock(0, 10, 0, 4)
 *         .modality("audio", m -> m.features(z).probabilities(p).gradients(g).fusedGradients(f))
 *         .modality("visual", m -> m.features(z2).probabilities(p2).gradients(g2).fusedGradients(f2))
 *         .build();
 * regulator.regulate(step);
 * double k = step.diagnostics().get("ogm.coef.audio");
 * }</pre>
 *
 * An extra pass returns the fused logits given for its set of zeroed modalities ({@link Builder#pass}); its
 * {@link ForwardPass#backward} adds the gradient to {@link #backwards()}. What the test did not give throws.
 */
public final class TestStep implements StepView, LossControl {
    private final Map<String, TestModality> modalities = new LinkedHashMap<>();
    private final int[] labels;
    private final Integer numClasses;
    private final int epoch;
    private final int epochs;
    private final int stepInEpoch;
    private final int stepsPerEpoch;
    private final long seed;
    private final boolean unimodal;
    private final INDArray fusedLogits;
    private final double loss;
    private final Map<String, INDArray> fusionGradients;
    private final Map<Set<String>, INDArray> passLogits;
    private final Map<Set<String>, INDArray> trainPassLogits;
    private double fusedWeight = 1;
    private final Map<String, Double> unimodalWeights = new LinkedHashMap<>();
    private final Map<String, Double> diagnostics = new LinkedHashMap<>();
    private final Map<String, Term> terms = new LinkedHashMap<>();
    private final Map<String, Term> logitTerms = new LinkedHashMap<>();
    private final List<PassSpec> passes = new ArrayList<>();
    private final Map<Set<String>, INDArray> backwards = new LinkedHashMap<>();

    /**
     * A loss term a regulator added in {@code shapeLoss}.
     *
     * @param value            the term's value
     * @param featureGradients d(value)/d(z_m) by modality
     */
    public record Term(double value, Map<String, INDArray> featureGradients) {
    }

    private final Map<String, INDArray> featureScales = new LinkedHashMap<>();

    private TestStep(Builder b) {
        this.labels = b.labels;
        this.numClasses = b.numClasses;
        this.epoch = b.epoch;
        this.epochs = b.epochs;
        this.stepInEpoch = b.stepInEpoch;
        this.stepsPerEpoch = b.stepsPerEpoch;
        this.seed = b.seed;
        this.unimodal = b.unimodal;
        this.fusedLogits = b.fusedLogits;
        this.loss = b.loss;
        this.fusionGradients = b.fusionGradients;
        this.passLogits = b.passLogits;
        this.trainPassLogits = b.trainPassLogits;
        b.modalities.forEach((name, spec) -> modalities.put(name, new TestModality(spec, this)));
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- what the regulator did ----

    /** The per-step scalars recorded with {@link #diagnostic}, in order. */
    public Map<String, Double> diagnostics() {
        return Collections.unmodifiableMap(diagnostics);
    }

    /** One recorded diagnostic; fails when the regulator did not record it. */
    public double diagnostic(String name) {
        return recorded(diagnostics, name, "no diagnostic '" + name + "' was recorded; recorded: ");
    }

    /** The terms added in {@code shapeLoss}, by name. */
    public Map<String, Term> terms() {
        return Collections.unmodifiableMap(terms);
    }

    /**
     * The terms added on logits ({@link #addLogitTerm}), by name; a {@link Term}'s gradients are then by head (a
     * modality, or {@value #FUSED}), not by features.
     */
    public Map<String, Term> logitTerms() {
        return Collections.unmodifiableMap(logitTerms);
    }

    /** The feature scales set in {@code shapeLoss} ({@link #scaleFeatures}), by modality, as given. */
    public Map<String, INDArray> featureScales() {
        return Collections.unmodifiableMap(featureScales);
    }

    /** One term added on logits; fails when none of that name was added. */
    public Term logitTerm(String name) {
        return recorded(logitTerms, name, "no logit term '" + name + "' was added; added: ");
    }

    /** One added term; fails when none of that name was added. */
    public Term term(String name) {
        return recorded(terms, name, "no term '" + name + "' was added; added: ");
    }

    /** What the step recorded under {@code name}; an assertion failure listing what it has when nothing. */
    private static <T> T recorded(Map<String, T> record, String name, String missing) {
        T v = record.get(name);
        if (v == null) {
            throw new AssertionError(missing + record.keySet());
        }
        return v;
    }

    /** The extra passes asked for, in order. */
    public List<PassSpec> passes() {
        return Collections.unmodifiableList(passes);
    }

    /** What was back-propagated through each kept pass (summed), by its set of zeroed modalities. */
    public Map<Set<String>, INDArray> backwards() {
        return Collections.unmodifiableMap(backwards);
    }

    // ---- the SPI ----

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public int stepInEpoch() {
        return stepInEpoch;
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public long globalStep() {
        return (long) epoch * stepsPerEpoch + stepInEpoch;
    }

    @Override
    public List<String> modalities() {
        return List.copyOf(modalities.keySet());
    }

    @Override
    public TestModality modality(String name) {
        TestModality m = modalities.get(name);
        if (m == null) {
            throw new IllegalArgumentException("TestStep has no modality '" + name + "'; it has " + modalities.keySet());
        }
        return m;
    }

    @Override
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("TestStep was given no labels");
        }
        return labels.clone();
    }

    /** As given, else the columns of the first modality's probabilities, else of the fused logits. */
    @Override
    public int numClasses() {
        if (numClasses != null) {
            return numClasses;
        }
        if (fusedLogits != null) {
            return (int) fusedLogits.size(1);
        }
        return (int) modalities.values().iterator().next().probabilities().size(1);
    }

    /** Softmax of the given fused logits; without them, the first modality's probabilities. */
    @Override
    public INDArray fusedProbabilities() {
        return fusedLogits != null ? Transforms.softmax(fusedLogits, true)
                : modalities.values().iterator().next().probabilities();
    }

    @Override
    public INDArray fusedLogits() {
        return fusedLogits != null ? fusedLogits : Transforms.log(fusedProbabilities(), true);
    }

    @Override
    public boolean unimodalLosses() {
        return unimodal;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public void diagnostic(String name, double value) {
        diagnostics.put(name, value);
    }

    @Override
    public ForwardPass pass(PassSpec spec) {
        passes.add(spec);
        INDArray logits = spec.trainMode() && trainPassLogits.containsKey(spec.zeroed())
                ? trainPassLogits.get(spec.zeroed()) : passLogits.get(spec.zeroed());
        if (logits == null) {
            throw new IllegalStateException("TestStep was given no pass with " + spec.zeroed() + " zeroed; it has "
                    + passLogits.keySet());
        }
        return new TestPass(spec, logits, backwards);
    }

    @Override
    public double fusedWeight() {
        return fusedWeight;
    }

    @Override
    public void setFusedWeight(double weight) {
        fusedWeight = weight;
    }

    /** As set; by default 1 when the step has unimodal losses, else 0 (the engine's defaults). */
    @Override
    public double unimodalWeight(String modality) {
        return unimodalWeights.getOrDefault(modality, unimodal ? 1.0 : 0.0);
    }

    @Override
    public void setUnimodalWeight(String modality, double weight) {
        modality(modality);
        unimodalWeights.put(modality, weight);
    }

    @Override
    public void addTerm(String name, double value, Map<String, INDArray> featureGradients) {
        requireFreeTermName(name);
        terms.put(name, new Term(value, Map.copyOf(featureGradients)));
    }

    @Override
    public void scaleFeatures(String modality, INDArray scale) {
        modality(modality);
        featureScales.put(modality, scale.dup());
    }

    @Override
    public void addLogitTerm(String name, double value, Map<String, INDArray> logitGradients) {
        requireFreeTermName(name);
        logitTerms.put(name, new Term(value, Map.copyOf(logitGradients)));
    }

    /** Terms on features and on logits share one namespace with the loss parts (as in the engine). */
    private void requireFreeTermName(String name) {
        if (terms.containsKey(name) || logitTerms.containsKey(name) || name.equals(FUSED) || name.equals(UNIMODAL)) {
            throw new IllegalArgumentException("term name taken: " + name);
        }
    }

    @Override
    public LossWeights lossWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        modalities.keySet().forEach(m -> w.put(m, unimodalWeight(m)));
        return new LossWeights(fusedWeight, w);
    }

    @Override
    public double loss() {
        return loss;
    }

    @Override
    public Map<String, INDArray> fusionGradients() {
        return fusionGradients;
    }

    /** What a test gives a step. Unset: one epoch of one step, seed 0, no unimodal losses. */
    public static final class Builder {
        private final Map<String, TestModality.Builder> modalities = new LinkedHashMap<>();
        private int[] labels;
        private Integer numClasses;
        private int epoch;
        private int epochs = 1;
        private int stepInEpoch;
        private int stepsPerEpoch = 1;
        private long seed;
        private boolean unimodal;
        private INDArray fusedLogits;
        private double loss;
        private Map<String, INDArray> fusionGradients = new LinkedHashMap<>();
        private final Map<Set<String>, INDArray> passLogits = new LinkedHashMap<>();
        private final Map<Set<String>, INDArray> trainPassLogits = new LinkedHashMap<>();

        private Builder() {
        }

        /** True-class indices of the batch. */
        public Builder labels(int... labels) {
            this.labels = labels.clone();
            return this;
        }

        public Builder numClasses(int k) {
            this.numClasses = k;
            return this;
        }

        /** Where the step is: epoch {@code epoch} of {@code epochs}, step {@code stepInEpoch} of {@code stepsPerEpoch}. */
        public Builder clock(int epoch, int epochs, int stepInEpoch, int stepsPerEpoch) {
            if (epoch < 0 || epoch >= epochs || stepInEpoch < 0 || stepInEpoch >= stepsPerEpoch) {
                throw new IllegalArgumentException("step " + stepInEpoch + " of " + stepsPerEpoch + " in epoch " + epoch
                        + " of " + epochs);
            }
            this.epoch = epoch;
            this.epochs = epochs;
            this.stepInEpoch = stepInEpoch;
            this.stepsPerEpoch = stepsPerEpoch;
            return this;
        }

        /** Step {@code globalStep} of a run of {@code epochs} epochs of {@code stepsPerEpoch} steps. */
        public Builder clock(long globalStep, int epochs, int stepsPerEpoch) {
            return clock((int) (globalStep / stepsPerEpoch), epochs, (int) (globalStep % stepsPerEpoch), stepsPerEpoch);
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The run trains the unimodal heads' losses into the encoders (the paper's "*" setting). */
        public Builder unimodalLosses(boolean on) {
            this.unimodal = on;
            return this;
        }

        /** Adds a modality, in order; {@code spec} gives its arrays. */
        public Builder modality(String name, Consumer<TestModality.Builder> spec) {
            TestModality.Builder m = new TestModality.Builder(name);
            spec.accept(m);
            modalities.put(name, m);
            return this;
        }

        /** Adds modalities with nothing given (for a regulator that reads only some of a step). */
        public Builder modalities(String... names) {
            for (String n : names) {
                modality(n, m -> { });
            }
            return this;
        }

        /** Logits of the fused head [B, K]; unset, the first modality's probabilities stand for the fused ones. */
        public Builder fusedLogits(INDArray logits) {
            this.fusedLogits = logits;
            return this;
        }

        /** The fused logits an extra pass with exactly {@code zeroed} zeroed returns. */
        public Builder pass(Set<String> zeroed, INDArray fusedLogits) {
            passLogits.put(Set.copyOf(zeroed), fusedLogits);
            return this;
        }

        /** What a <em>train-mode</em> pass with exactly {@code zeroed} zeroed returns, where it differs from {@link #pass}. */
        public Builder trainPass(Set<String> zeroed, INDArray fusedLogits) {
            trainPassLogits.put(Set.copyOf(zeroed), fusedLogits);
            return this;
        }

        /** Gradients of the fusion block and fused head: kept as given. */
        public Builder fusionGradients(Map<String, INDArray> gradients) {
            this.fusionGradients = new LinkedHashMap<>(gradients);
            return this;
        }

        /** The step's total loss ({@link StepView#loss()}). */
        public Builder loss(double loss) {
            this.loss = loss;
            return this;
        }

        public TestStep build() {
            if (modalities.isEmpty()) {
                throw new IllegalStateException("TestStep needs at least one modality");
            }
            return new TestStep(this);
        }
    }
}
