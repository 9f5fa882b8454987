package redreg.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.LossControl;
import redreg.api.ModalityStep;

/**
 * One modality of a {@link TestStep}, built from given arrays. Gradient maps hold the arrays the test gave (a
 * regulator's in-place rewrite is visible through the test's own references); what the test did not give throws
 * when a regulator asks for it, except the gradient and parameter maps, which default to empty.
 */
public final class TestModality implements ModalityStep {
    private final String name;
    private final TestStep owner;
    private final INDArray input;
    private final INDArray features;
    private final INDArray logits;
    private final INDArray probabilities;
    private final Map<String, INDArray> gradients;
    private final Map<String, INDArray> parameters;
    private final Map<String, INDArray> headGradients;
    private final Map<String, Map<String, INDArray>> parts;
    private final BiFunction<INDArray, Boolean, INDArray> encoder;
    private final Map<String, Integer> lossGradientCalls = new LinkedHashMap<>();

    TestModality(Builder b, TestStep owner) {
        this.name = b.name;
        this.owner = owner;
        this.input = b.input;
        this.features = b.features;
        this.logits = b.logits != null ? b.logits : b.probabilities != null ? Transforms.log(b.probabilities, true) : null;
        this.probabilities = b.probabilities != null ? b.probabilities
                : b.logits != null ? Transforms.softmax(b.logits, true) : null;
        this.gradients = b.gradients;
        this.parameters = b.parameters;
        this.headGradients = b.headGradients;
        this.parts = b.parts;
        this.encoder = b.encoder;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray input() {
        return given(input, "an input");
    }

    @Override
    public INDArray features() {
        return given(features, "features");
    }

    @Override
    public INDArray logits() {
        return given(logits, "logits or probabilities");
    }

    @Override
    public INDArray probabilities() {
        return given(probabilities, "logits or probabilities");
    }

    @Override
    public INDArray trueClassProbabilities() {
        INDArray p = probabilities();
        int[] labels = owner.labels();
        double[] v = new double[labels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = p.getDouble(i, labels[i]);
        }
        return Nd4j.createFromArray(v);
    }

    /** The gradients the test gave (the step's total): a regulator rewrites them in place. */
    @Override
    public Map<String, INDArray> gradients() {
        return gradients;
    }

    @Override
    public Map<String, INDArray> parameters() {
        return parameters;
    }

    @Override
    public Map<String, INDArray> headGradients() {
        return headGradients;
    }

    /**
     * {@value LossControl#FUSED}, then {@value LossControl#UNIMODAL} when the step has unimodal losses, then the
     * other parts given with {@link Builder#lossGradients}.
     */
    @Override
    public List<String> losses() {
        List<String> out = new ArrayList<>(List.of(LossControl.FUSED));
        if (owner.unimodalLosses()) {
            out.add(LossControl.UNIMODAL);
        }
        parts.keySet().stream().filter(p -> !p.equals(LossControl.FUSED) && !p.equals(LossControl.UNIMODAL))
                .forEach(out::add);
        return out;
    }

    /** The part given with {@link Builder#lossGradients} ({@link Builder#fusedGradients} for the fused part). */
    @Override
    public Map<String, INDArray> lossGradients(String loss) {
        lossGradientCalls.merge(loss, 1, Integer::sum);
        Map<String, INDArray> part = parts.get(loss);
        if (part == null) {
            if (loss.equals(LossControl.FUSED)) {
                return Map.of();
            }
            throw new IllegalStateException("TestStep: modality " + name + " was given no gradients of the loss part '"
                    + loss + "'");
        }
        return part;
    }

    /** How often a regulator asked for a loss part's gradients (each costs the engine a backward). */
    public int lossGradientCalls(String loss) {
        return lossGradientCalls.getOrDefault(loss, 0);
    }

    @Override
    public INDArray encode(INDArray x, boolean trainMode) {
        if (encoder == null) {
            throw new IllegalStateException("TestStep: modality " + name + " was given no encoder");
        }
        return encoder.apply(x, trainMode);
    }

    private <T> T given(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("TestStep: modality " + name + " was given no " + what);
        }
        return value;
    }

    /** What a test gives one modality of a step; see {@link TestStep.Builder#modality(String, java.util.function.Consumer)}. */
    public static final class Builder {
        private final String name;
        private INDArray input;
        private INDArray features;
        private INDArray logits;
        private INDArray probabilities;
        private Map<String, INDArray> gradients = new LinkedHashMap<>();
        private Map<String, INDArray> parameters = new LinkedHashMap<>();
        private Map<String, INDArray> headGradients = new LinkedHashMap<>();
        private final Map<String, Map<String, INDArray>> parts = new LinkedHashMap<>();
        private BiFunction<INDArray, Boolean, INDArray> encoder;

        Builder(String name) {
            this.name = name;
        }

        public Builder input(INDArray input) {
            this.input = input;
            return this;
        }

        /** Pooled features z_m, [B, d_m]. */
        public Builder features(INDArray features) {
            this.features = features;
            return this;
        }

        /** The head's logits [B, K]; the probabilities are their softmax. */
        public Builder logits(INDArray logits) {
            this.logits = logits;
            return this;
        }

        /** The head's probabilities [B, K] (rows summing to 1); the logits are their log. */
        public Builder probabilities(INDArray probabilities) {
            this.probabilities = probabilities;
            return this;
        }

        /** The total loss's gradients by parameter name: kept as given, so in-place rewrites show in the test's arrays. */
        public Builder gradients(Map<String, INDArray> gradients) {
            this.gradients = new LinkedHashMap<>(gradients);
            return this;
        }

        /** The fused loss part's gradients ({@code lossGradients("fused")}). */
        public Builder fusedGradients(Map<String, INDArray> gradients) {
            return lossGradients(LossControl.FUSED, gradients);
        }

        /** One loss part's gradients; parts other than fused and unimodal are listed in {@link TestModality#losses()}. */
        public Builder lossGradients(String loss, Map<String, INDArray> gradients) {
            parts.put(loss, gradients);
            return this;
        }

        /** The encoder's parameters: live maps (a {@link TestContext}'s, say) or copies. */
        public Builder parameters(Map<String, INDArray> parameters) {
            this.parameters = parameters;
            return this;
        }

        public Builder headGradients(Map<String, INDArray> gradients) {
            this.headGradients = new LinkedHashMap<>(gradients);
            return this;
        }

        /** A one-layer encoder {@code z = tanh(x·E)} (in double precision) for {@link #encode}. */
        public Builder encoder(INDArray weights) {
            return encoder((x, train) -> Transforms.tanh(x.castTo(DataType.DOUBLE).mmul(weights), true));
        }

        /** Any encoder for {@link #encode}: (input, train mode) to pooled features. */
        public Builder encoder(BiFunction<INDArray, Boolean, INDArray> encoder) {
            this.encoder = encoder;
            return this;
        }
    }
}
