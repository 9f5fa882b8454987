package redreg.api.internal.engine.step;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Clock;
import redreg.api.LossControl;
import redreg.api.config.LossConfig;
import redreg.api.internal.engine.model.MultimodalModel;

/**
 * What one training step holds, private to the step: written by {@link TrainingStep} alone, in its order
 * (forward, loss weights and terms, backward), and read by plug-ins through the phase views {@link LossPhase}
 * (shapeLoss) and {@link RegulatePhase} (regulate).
 */
final class StepState implements ModalityState.Step {
    private final MultimodalModel model;
    private final Clock clock;
    private final int[] labels;
    private final redreg.api.internal.engine.model.ObjectiveLoss.Truth truth;
    private final boolean unimodalLosses;
    private final long seed;
    private final Map<String, ModalityState> modalities = new LinkedHashMap<>();
    private final Map<String, Double> unimodalWeights = new LinkedHashMap<>();
    private final Map<String, Term> terms = new LinkedHashMap<>();
    /** Terms on logits: their gradients keyed by head (a modality, or {@link LossControl#FUSED}). */
    private final Map<String, Term> logitTerms = new LinkedHashMap<>();
    private double fusedWeight = 1;
    /** Per-sample factors of z_m in the fused forward ({@link LossControl#scaleFeatures}), by modality; absent: 1. */
    private final Map<String, INDArray> featureScales = new LinkedHashMap<>();
    /** Per-sample weights of the fused loss ({@link LossControl#setSampleWeights}); null: the batch mean. */
    private INDArray sampleWeights;
    private INDArray fusedLogits;
    private INDArray fusedProbabilities;
    private double loss;
    private boolean backwardDone;
    /** Set when an extra pass ran before backward: the trainer then redoes the forward its backward needs. */
    private boolean forwardClobbered;
    private BiConsumer<String, Double> diagnostics = (k, v) -> { };
    private int phase;
    private int phases = 1;
    private java.util.Set<String> dropped = java.util.Set.of();

    /** A plug-in's loss term: its value and d(value)/dz_m by modality. */
    record Term(double value, Map<String, INDArray> featureGradients) {
    }

    StepState(MultimodalModel model, Clock clock, Map<String, INDArray> inputs,
              redreg.api.internal.engine.model.ObjectiveLoss.Truth truth, LossConfig losses, long seed) {
        this.model = model;
        this.clock = clock;
        this.labels = truth.labels();
        this.truth = truth;
        this.unimodalLosses = losses.unimodal();
        this.seed = seed;
        for (String m : model.modalities()) {
            unimodalWeights.put(m, losses.unimodal() ? losses.unimodalWeight() : 0.0);
            modalities.put(m, new ModalityState(this, m, model.encoder(m), inputs.get(m)));
        }
    }

    // ---- read by the views and the trainer

    /** Where in a phased step this one is, and whose features the fusion does not see. */
    void phase(int phase, int phases, java.util.Set<String> dropped) {
        this.phase = phase;
        this.phases = phases;
        this.dropped = java.util.Set.copyOf(dropped);
    }

    int phase() {
        return phase;
    }

    int phases() {
        return phases;
    }

    java.util.Set<String> dropped() {
        return dropped;
    }

    @Override
    public MultimodalModel model() {
        return model;
    }

    Clock clock() {
        return clock;
    }

    int[] labels() {
        return labels;
    }

    /** What the samples should be: the labels, and a regression's targets. */
    redreg.api.internal.engine.model.ObjectiveLoss.Truth truth() {
        return truth;
    }

    boolean unimodalLosses() {
        return unimodalLosses;
    }

    long seed() {
        return seed;
    }

    INDArray fusedLogits() {
        return fusedLogits;
    }

    INDArray fusedProbabilities() {
        return fusedProbabilities;
    }

    double fusedWeight() {
        return fusedWeight;
    }

    Map<String, INDArray> featureScales() {
        return Collections.unmodifiableMap(featureScales);
    }

    INDArray sampleWeights() {
        return sampleWeights;
    }

    double unimodalWeight(String modality) {
        modality(modality);
        return unimodalWeights.get(modality);
    }

    Map<String, Double> unimodalWeights() {
        return Collections.unmodifiableMap(unimodalWeights);
    }

    Map<String, Term> terms() {
        return Collections.unmodifiableMap(terms);
    }

    Map<String, Term> logitTerms() {
        return Collections.unmodifiableMap(logitTerms);
    }

    double loss() {
        return loss;
    }

    boolean backwardDone() {
        return backwardDone;
    }

    boolean forwardClobbered() {
        return forwardClobbered;
    }

    List<String> modalityNames() {
        return List.copyOf(modalities.keySet());
    }

    ModalityState modality(String name) {
        ModalityState m = modalities.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no modality '" + name + "'; modalities: " + modalities.keySet());
        }
        return m;
    }

    /** The step's inputs by modality, in model order. */
    Map<String, INDArray> inputs() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        modalities.values().forEach(m -> out.put(m.name(), m.input()));
        return out;
    }

    @Override
    public List<ModalityState> modalityList() {
        return new ArrayList<>(modalities.values());
    }

    void diagnostic(String name, double value) {
        diagnostics.accept(name, value);
    }

    // ---- written by the plug-ins' loss phase (LossPhase checks the phase)

    void setFusedWeight(double weight) {
        checkWeight("fused", weight);
        fusedWeight = weight;
    }

    void setUnimodalWeight(String modality, double weight) {
        modality(modality);
        checkWeight(modality, weight);
        unimodalWeights.put(modality, weight);
    }

    private static void checkWeight(String what, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("loss weight of " + what + " must be finite and >= 0, got " + weight);
        }
    }

    void scaleFeatures(String modality, INDArray scale) {
        INDArray z = modality(modality).features();
        if (scale.rank() == 2 && scale.size(0) == z.size(0) && scale.size(1) == z.size(1) && z.size(1) > 1) {
            featureScales.put(modality, elementwise("feature scale of " + modality, scale));
        } else {
            featureScales.put(modality, perSample("feature scale of " + modality, scale, false));
        }
    }

    /** A [B, d_m] factor per feature entry (AMCo's feature masks), finite, as a double copy. */
    private static INDArray elementwise(String what, INDArray v) {
        double[][] a = v.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException(what + ": value [" + i + ", " + j + "] must be finite, got " + a[i][j]);
                }
            }
        }
        return v.castTo(DataType.DOUBLE).dup();
    }

    void setSampleWeights(INDArray weights) {
        sampleWeights = perSample("sample weights", weights, true);
    }

    /** A [B] vector of finite values (non-negative when asked), as a [B, 1] column (double; cast where used). */
    private INDArray perSample(String what, INDArray v, boolean nonNegative) {
        if (v.length() != labels.length || v.rank() > 2 || (v.rank() == 2 && v.size(0) != 1 && v.size(1) != 1)) {
            throw new IllegalArgumentException(what + ": expected " + labels.length + " values (one per sample), got shape "
                    + Arrays.toString(v.shape()));
        }
        for (int i = 0; i < labels.length; i++) {
            double x = v.getDouble(i);
            if (!Double.isFinite(x) || (nonNegative && x < 0)) {
                throw new IllegalArgumentException(what + ": value " + i + " must be finite"
                        + (nonNegative ? " and >= 0" : "") + ", got " + x);
            }
        }
        return v.reshape(labels.length, 1).castTo(DataType.DOUBLE).dup();
    }

    void addTerm(String name, double value, Map<String, INDArray> featureGradients) {
        requireFreeTermName(name);
        for (var e : featureGradients.entrySet()) {
            INDArray z = modality(e.getKey()).features();
            if (!Arrays.equals(z.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("loss term '" + name + "': gradient for " + e.getKey()
                        + " has shape " + Arrays.toString(e.getValue().shape()) + ", features have "
                        + Arrays.toString(z.shape()));
            }
        }
        terms.put(name, new Term(value, Map.copyOf(featureGradients)));
        diagnostic("term." + name, value);
    }

    void addLogitTerm(String name, double value, Map<String, INDArray> logitGradients) {
        requireFreeTermName(name);
        for (var e : logitGradients.entrySet()) {
            INDArray logits = e.getKey().equals(LossControl.FUSED) ? fusedLogits : modality(e.getKey()).logits();
            if (!Arrays.equals(logits.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("loss term '" + name + "': gradient for the " + e.getKey()
                        + " logits has shape " + Arrays.toString(e.getValue().shape()) + ", the logits have "
                        + Arrays.toString(logits.shape()));
            }
        }
        logitTerms.put(name, new Term(value, Map.copyOf(logitGradients)));
        diagnostic("term." + name, value);
    }

    /** Terms on features and on logits share one namespace with the loss parts. */
    private void requireFreeTermName(String name) {
        if (name.equals(LossControl.FUSED) || name.equals(LossControl.UNIMODAL) || terms.containsKey(name)
                || logitTerms.containsKey(name)) {
            throw new IllegalArgumentException("loss term name '" + name + "' is taken");
        }
    }

    /** An extra pass ran: before backward, the step's own forward has to be redone. */
    void passRan() {
        if (!backwardDone) {
            forwardClobbered = true;
        }
    }

    // ---- written by the trainer

    void diagnosticsTo(BiConsumer<String, Double> sink) {
        this.diagnostics = sink;
    }

    void fused(INDArray logits, INDArray probabilities) {
        this.fusedLogits = logits;
        this.fusedProbabilities = probabilities;
    }

    void backwardDone(double totalLoss) {
        this.loss = totalLoss;
        this.backwardDone = true;
    }

    @Override
    public void requireBackward(String what) {
        if (!backwardDone) {
            throw new IllegalStateException(what + " is available in regulate(), after backward");
        }
    }
}
