package redreg.api.internal.engine.step;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.LossControl;
import redreg.api.ModalityStep;
import redreg.api.internal.engine.model.Encoder;
import redreg.api.internal.engine.model.MultimodalModel;
import redreg.api.nn.Param;

/**
 * One modality within a training step ({@code StepState}): its forward, the parts of dL/dz that reached its encoder,
 * and each part's own gradient on the encoder (read off the live gradient, or by an extra backward).
 */
final class ModalityState implements ModalityStep {
    /** The step a modality belongs to, as far as its gradient bookkeeping needs it ({@code StepState}). */
    interface Step {
        MultimodalModel model();

        /** Every modality of the step, in model order. */
        List<ModalityState> modalityList();

        /** Throws unless the step's backward is done ({@code what}: the accessor asked). */
        void requireBackward(String what);
    }

    private final Step step;
    private final String name;
    private final Encoder encoder;
    private final INDArray input;
    private INDArray features;
    private INDArray logits;
    private INDArray probabilities;
    private INDArray trueClass;
    /** The parts of dL/dz that reached the encoder, by loss name, weighted as in the total. */
    private final Map<String, INDArray> featureGradientParts = new LinkedHashMap<>();
    /** Set once anybody may have changed the live gradients (handed out, or a pass added to them). */
    private boolean gradientsTouched;
    private final Map<String, Map<String, INDArray>> partCache = new LinkedHashMap<>();

    ModalityState(Step step, String name, Encoder encoder, INDArray input) {
        this.step = step;
        this.name = name;
        this.encoder = encoder;
        this.input = input;
    }

    void forwardDone(INDArray features, INDArray logits, INDArray probabilities, INDArray trueClass) {
        this.features = features;
        this.logits = logits;
        this.probabilities = probabilities;
        this.trueClass = trueClass;
    }

    void addPart(String part, INDArray featureGradient) {
        featureGradientParts.put(part, featureGradient);
    }

    /** The parts of dL/dz in order, by name. */
    Map<String, INDArray> parts() {
        return Collections.unmodifiableMap(featureGradientParts);
    }

    /** A pass added to the live gradients: no part may be read off them any more. */
    void touched() {
        gradientsTouched = true;
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
        step.requireBackward("gradients()");
        gradientsTouched = true;
        return encoder.gradients();
    }

    @Override
    public List<String> losses() {
        step.requireBackward("losses()");
        return List.copyOf(featureGradientParts.keySet());
    }

    @Override
    public Map<String, INDArray> lossGradients(String part) {
        step.requireBackward("lossGradients()");
        Map<String, INDArray> cached = partCache.get(part);
        if (cached != null) {
            return cached;
        }
        INDArray dz = featureGradientParts.get(part);
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (dz == null) {
            if (!part.equals(LossControl.FUSED) && !part.equals(LossControl.UNIMODAL)) {
                throw new IllegalArgumentException("modality " + name + ": no loss part '" + part
                        + "'; parts: " + String.join(", ", featureGradientParts.keySet()));
            }
            encoder.gradients().forEach((k, v) -> out.put(k, v.ulike().assign(0)));
        } else if (featureGradientParts.size() == 1 && !gradientsTouched && onlyPartEverywhere(part)) {
            // The only part: the live gradient is exactly it, no extra pass needed.
            encoder.gradients().forEach((k, v) -> out.put(k, v.dup()));
        } else if (step.model().hasMidFusion()) {
            out.putAll(step.model().partGradients(name, midFusionInputs(), midFusionPart(name, part)));
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
        step.requireBackward("headGradients()");
        return byName(step.model().head(name).parameters());
    }

    @Override
    public Map<String, INDArray> parameters() {
        return encoder.parameters();
    }

    @Override
    public INDArray encode(INDArray batch, boolean trainMode) {
        return encoder.encode(batch, trainMode);
    }

    /**
     * Whether the live gradient of an encoder holding only {@code part} is that part's gradient: always without a
     * mid-fusion; with one, only when every modality has that part alone (another head's loss reaches every
     * encoder through the blocks).
     */
    private boolean onlyPartEverywhere(String part) {
        if (!step.model().hasMidFusion()) {
            return true;
        }
        return step.modalityList().stream().allMatch(m -> m.featureGradientParts.keySet().equals(Set.of(part)));
    }

    private List<INDArray> midFusionInputs() {
        return step.modalityList().stream().map(m -> m.input).toList();
    }

    /**
     * dL_part/dz_k for every modality k, for the part {@code part} of {@code modality}: its own head's loss for
     * {@value LossControl#UNIMODAL} (zero at the others), the fused loss or a term at every modality it reaches.
     */
    private List<INDArray> midFusionPart(String modality, String part) {
        List<INDArray> dz = new ArrayList<>();
        for (ModalityState k : step.modalityList()) {
            INDArray g = part.equals(LossControl.UNIMODAL) && !k.name.equals(modality) ? null
                    : k.featureGradientParts.get(part);
            dz.add(g != null ? g : k.features.ulike().assign(0));
        }
        return dz;
    }

    /** Parameter gradients by parameter name, read-only. */
    static Map<String, INDArray> byName(List<Param> params) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        params.forEach(p -> out.put(p.name(), p.gradient()));
        return Collections.unmodifiableMap(out);
    }
}
