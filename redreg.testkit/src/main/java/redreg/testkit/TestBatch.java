package redreg.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.BatchControl;

/**
 * A batch before its forward pass, for a regulator's {@code beforeStep}: given inputs per modality, which the
 * regulator may rewrite in place or replace; {@link #replaced()} says which it replaced.
 *
 * <pre>{@code
 * TestBatch batch = TestBatch.builder().clock(3, 10).labels(0, 1).input("audio", a).input("visual", v).build();
 * regulator.beforeStep(batch);
 * INDArray audioNow = batch.input("audio");
 * }</pre>
 */
public final class TestBatch extends FixedClock implements BatchControl {
    private final Map<String, INDArray> inputs;
    private final int[] labels;
    private final Long globalStep;
    private final long seed;
    private final Set<String> replaced = new LinkedHashSet<>();

    private TestBatch(Builder b) {
        super(b.epoch, b.epochs, b.stepInEpoch, b.stepsPerEpoch);
        this.inputs = new LinkedHashMap<>(b.inputs);
        this.labels = b.labels;
        this.globalStep = b.globalStep;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The modalities whose input the regulator replaced, in order. */
    public Set<String> replaced() {
        return Collections.unmodifiableSet(replaced);
    }

    /** The one given ({@link Builder#globalStep}), else {@code epoch · stepsPerEpoch + stepInEpoch}. */
    @Override
    public long globalStep() {
        return globalStep != null ? globalStep : BatchControl.super.globalStep();
    }

    @Override
    public List<String> modalities() {
        return List.copyOf(inputs.keySet());
    }

    @Override
    public INDArray input(String modality) {
        INDArray x = inputs.get(modality);
        if (x == null) {
            throw new IllegalArgumentException("TestBatch has no modality '" + modality + "'; it has " + inputs.keySet());
        }
        return x;
    }

    @Override
    public void replaceInput(String modality, INDArray input) {
        INDArray old = input(modality);
        if (!java.util.Arrays.equals(old.shape(), input.shape())) {
            throw new IllegalArgumentException("replaceInput(" + modality + "): shape " + java.util.Arrays.toString(
                    input.shape()) + " is not the batch's " + java.util.Arrays.toString(old.shape()));
        }
        inputs.put(modality, input);
        replaced.add(modality);
    }

    @Override
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("TestBatch was given no labels");
        }
        return labels.clone();
    }

    @Override
    public long seed() {
        return seed;
    }

    /** What a test gives a batch. Unset: the first step of a one-epoch run, seed 0. */
    public static final class Builder {
        private final Map<String, INDArray> inputs = new LinkedHashMap<>();
        private int[] labels;
        private int epoch;
        private int epochs = 1;
        private int stepInEpoch;
        private int stepsPerEpoch = 1;
        private Long globalStep;
        private long seed;

        private Builder() {
        }

        /** Adds a modality's input batch, in order; the array is the batch's (in-place rewrites show in it). */
        public Builder input(String modality, INDArray input) {
            inputs.put(modality, input);
            return this;
        }

        public Builder labels(int... labels) {
            this.labels = labels.clone();
            return this;
        }

        /** Epoch {@code epoch} of {@code epochs}. */
        public Builder clock(int epoch, int epochs) {
            this.epoch = epoch;
            this.epochs = epochs;
            return this;
        }

        /** Step {@code stepInEpoch} of {@code stepsPerEpoch} in epoch {@code epoch} of {@code epochs}. */
        public Builder clock(int epoch, int epochs, int stepInEpoch, int stepsPerEpoch) {
            clock(epoch, epochs);
            this.stepInEpoch = stepInEpoch;
            this.stepsPerEpoch = stepsPerEpoch;
            return this;
        }

        public Builder globalStep(long step) {
            this.globalStep = step;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public TestBatch build() {
            if (inputs.isEmpty()) {
                throw new IllegalStateException("TestBatch needs at least one modality's input");
            }
            return new TestBatch(this);
        }
    }
}
