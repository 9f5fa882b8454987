package redreg.api.internal.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ForwardPass;
import redreg.api.LossControl;
import redreg.api.LossWeights;
import redreg.api.ModalityStep;
import redreg.api.PassSpec;
import redreg.api.StepView;
import redreg.api.nn.Param;

/**
 * One step as plug-ins see it: a {@link LossControl} between forward and backward, a {@link StepView} after
 * backward. The trainer ({@link TrainingStep}) fills it; the phase guards what may be called when.
 */
public final class StepData implements StepView, LossControl {
    enum Phase { LOSS, BACKWARD_DONE }

    final Map<String, Modality> modalities = new LinkedHashMap<>();
    final MultimodalModel model;
    Phase phase = Phase.LOSS;
    int epoch;
    int epochs;
    int stepInEpoch;
    int stepsPerEpoch;
    long globalStep;
    int[] labels;
    INDArray fusedLogits;
    INDArray fusedProbabilities;
    boolean unimodal;
    long seed;
    double loss;
    double fusedWeight = 1;
    final Map<String, Double> unimodalWeights = new LinkedHashMap<>();
    final Map<String, Term> terms = new LinkedHashMap<>();
    /** Set when an extra pass ran before backward: the trainer then redoes the forward its backward needs. */
    boolean forwardClobbered;
    BiConsumer<String, Double> diagnostics = (k, v) -> { };
    ExtraPass.Runner passes;

    record Term(double value, Map<String, INDArray> featureGradients) {
    }

    StepData(MultimodalModel model) {
        this.model = model;
    }

    /** The total loss of the step. */
    @Override
    public double loss() {
        return loss;
    }

    final class Modality implements ModalityStep {
        final String name;
        final Encoder encoder;
        INDArray input;
        INDArray features;
        INDArray logits;
        INDArray probabilities;
        INDArray trueClass;
        /** The parts of dL/dz that reached the encoder, by loss name, weighted as in the total. */
        final Map<String, INDArray> featureGradientParts = new LinkedHashMap<>();
        /** Set once anybody may have changed the live gradients (handed out, or a pass added to them). */
        boolean gradientsTouched;
        final Map<String, Map<String, INDArray>> partCache = new LinkedHashMap<>();

        Modality(String name, Encoder encoder) {
            this.name = name;
            this.encoder = encoder;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public INDArray input() {
            return input;
        }

        @Override
        public INDArray features() {
            return features;
        }

        @Override
        public INDArray logits() {
            return logits;
        }

        @Override
        public INDArray probabilities() {
            return probabilities;
        }

        @Override
        public INDArray trueClassProbabilities() {
            return trueClass;
        }

        @Override
        public Map<String, INDArray> gradients() {
            requireBackward("gradients()");
            gradientsTouched = true;
            return encoder.gradients();
        }

        @Override
        public List<String> losses() {
            requireBackward("losses()");
            return List.copyOf(featureGradientParts.keySet());
        }

        @Override
        public Map<String, INDArray> lossGradients(String part) {
            requireBackward("lossGradients()");
            Map<String, INDArray> cached = partCache.get(part);
            if (cached != null) {
                return cached;
            }
            INDArray dz = featureGradientParts.get(part);
            Map<String, INDArray> out = new LinkedHashMap<>();
            if (dz == null) {
                if (!part.equals(FUSED) && !part.equals(UNIMODAL)) {
                    throw new IllegalArgumentException("modality " + name + ": no loss part '" + part
                            + "'; parts: " + String.join(", ", featureGradientParts.keySet()));
                }
                encoder.gradients().forEach((k, v) -> out.put(k, v.ulike().assign(0)));
            } else if (featureGradientParts.size() == 1 && !gradientsTouched && onlyPartEverywhere(part)) {
                // The only part: the live gradient is exactly it, no extra pass needed.
                encoder.gradients().forEach((k, v) -> out.put(k, v.dup()));
            } else if (model.hasMidFusion()) {
                out.putAll(model.partGradients(name, midFusionInputs(), midFusionPart(name, part)));
            } else {
                INDArray saved = encoder.flatGradient().dup();
                encoder.forward(input, true);
                encoder.backward(dz);
                encoder.gradients().forEach((k, v) -> out.put(k, v.dup()));
                encoder.flatGradient().assign(saved);
            }
            Map<String, INDArray> frozen = Collections.unmodifiableMap(out);
            partCache.put(part, frozen);
            return frozen;
        }

        @Override
        public Map<String, INDArray> headGradients() {
            requireBackward("headGradients()");
            return byName(model.head(name).parameters());
        }

        @Override
        public Map<String, INDArray> parameters() {
            return encoder.parameters();
        }

        @Override
        public INDArray encode(INDArray batch, boolean trainMode) {
            return encoder.encode(batch, trainMode);
        }
    }

    private static Map<String, INDArray> byName(List<Param> params) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        params.forEach(p -> out.put(p.name(), p.gradient()));
        return Collections.unmodifiableMap(out);
    }

    private void requireBackward(String what) {
        if (phase != Phase.BACKWARD_DONE) {
            throw new IllegalStateException(what + " is available in regulate(), after backward");
        }
    }

    private void requireLossPhase(String what) {
        if (phase != Phase.LOSS) {
            throw new IllegalStateException(what + " is only possible in shapeLoss(), before backward");
        }
    }

    // ---- LossControl

    @Override
    public double fusedWeight() {
        return fusedWeight;
    }

    @Override
    public void setFusedWeight(double weight) {
        requireLossPhase("setFusedWeight");
        checkWeight("fused", weight);
        fusedWeight = weight;
    }

    @Override
    public double unimodalWeight(String modality) {
        modality(modality);
        return unimodalWeights.get(modality);
    }

    @Override
    public void setUnimodalWeight(String modality, double weight) {
        requireLossPhase("setUnimodalWeight");
        modality(modality);
        checkWeight(modality, weight);
        unimodalWeights.put(modality, weight);
    }

    private static void checkWeight(String what, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("loss weight of " + what + " must be finite and >= 0, got " + weight);
        }
    }

    @Override
    public void addTerm(String name, double value, Map<String, INDArray> featureGradients) {
        requireLossPhase("addTerm");
        if (name.equals(FUSED) || name.equals(UNIMODAL) || terms.containsKey(name)) {
            throw new IllegalArgumentException("loss term name '" + name + "' is taken");
        }
        for (var e : featureGradients.entrySet()) {
            INDArray z = mod(e.getKey()).features;
            if (!java.util.Arrays.equals(z.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("loss term '" + name + "': gradient for " + e.getKey()
                        + " has shape " + java.util.Arrays.toString(e.getValue().shape()) + ", features have "
                        + java.util.Arrays.toString(z.shape()));
            }
        }
        terms.put(name, new Term(value, Map.copyOf(featureGradients)));
        diagnostic("term." + name, value);
    }

    // ---- StepView

    @Override
    public LossWeights lossWeights() {
        return new LossWeights(fusedWeight, unimodalWeights);
    }

    @Override
    public Map<String, INDArray> fusionGradients() {
        requireBackward("fusionGradients()");
        return byName(model.fusion().parameters());
    }

    @Override
    public ForwardPass pass(PassSpec spec) {
        ForwardPass pass = passes.run(this, spec);
        if (phase == Phase.LOSS) {
            forwardClobbered = true;
        }
        return pass;
    }

    boolean backwardDone() {
        return phase == Phase.BACKWARD_DONE;
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
    public int stepInEpoch() {
        return stepInEpoch;
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public long globalStep() {
        return globalStep;
    }

    @Override
    public List<String> modalities() {
        return List.copyOf(modalities.keySet());
    }

    @Override
    public ModalityStep modality(String name) {
        return mod(name);
    }

    Modality mod(String name) {
        Modality m = modalities.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no modality '" + name + "'; modalities: " + modalities.keySet());
        }
        return m;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int batchSize() {
        return labels.length;
    }

    @Override
    public int numClasses() {
        return model.numClasses();
    }

    @Override
    public INDArray fusedLogits() {
        return fusedLogits;
    }

    @Override
    public INDArray fusedProbabilities() {
        return fusedProbabilities;
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
        diagnostics.accept(name, value);
    }

    /**
     * Whether the live gradient of an encoder holding only {@code part} is that part's gradient: always without a
     * mid-fusion; with one, only when every modality has that part alone (another head's loss reaches every
     * encoder through the blocks).
     */
    private boolean onlyPartEverywhere(String part) {
        if (!model.hasMidFusion()) {
            return true;
        }
        return modalityList().stream().allMatch(m -> m.featureGradientParts.keySet().equals(java.util.Set.of(part)));
    }

    private List<INDArray> midFusionInputs() {
        return modalityList().stream().map(m -> m.input).toList();
    }

    /**
     * dL_part/dz_k for every modality k, for the part {@code part} of {@code modality}: its own head's loss for
     * {@value #UNIMODAL} (zero at the others), the fused loss or a term at every modality it reaches.
     */
    private List<INDArray> midFusionPart(String modality, String part) {
        List<INDArray> dz = new ArrayList<>();
        for (Modality k : modalityList()) {
            INDArray g = part.equals(UNIMODAL) && !k.name.equals(modality) ? null : k.featureGradientParts.get(part);
            dz.add(g != null ? g : k.features.ulike().assign(0));
        }
        return dz;
    }

    List<Modality> modalityList() {
        return new ArrayList<>(modalities.values());
    }
}
