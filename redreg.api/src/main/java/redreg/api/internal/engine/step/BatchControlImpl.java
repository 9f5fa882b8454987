package redreg.api.internal.engine.step;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Batch;
import redreg.api.BatchControl;
import redreg.api.Clock;

/** The batch before its forward pass, as {@link redreg.api.Regulator#beforeStep} may rewrite it. */
final class BatchControlImpl implements BatchControl {
    private final Map<String, INDArray> inputs;
    private final int[] labels;
    private final Clock clock;
    private final long seed;
    private final int phase;
    private int phases;
    private final java.util.Set<String> dropped = new java.util.TreeSet<>();

    BatchControlImpl(Batch batch, Clock clock, long seed) {
        this(batch, clock, seed, 0, 1);
    }

    /** The batch at the start of phase {@code phase} of {@code phases} (inputs fresh from the batch). */
    BatchControlImpl(Batch batch, Clock clock, long seed, int phase, int phases) {
        this.inputs = new LinkedHashMap<>(batch.inputs());
        this.labels = batch.labels();
        this.clock = clock;
        this.seed = seed;
        this.phase = phase;
        this.phases = phases;
    }

    @Override
    public void setPhases(int count) {
        if (phase != 0) {
            throw new IllegalStateException("setPhases: only in phase 0 of a step, this is phase " + phase);
        }
        if (count < 1) {
            throw new IllegalArgumentException("setPhases: expected at least 1 phase, got " + count);
        }
        if (phases != 1 && phases != count) {
            throw new IllegalStateException("setPhases: two regulators ask for " + phases + " and " + count + " phases");
        }
        phases = count;
    }

    @Override
    public int phase() {
        return phase;
    }

    @Override
    public int phases() {
        return phases;
    }

    @Override
    public void dropFeatures(String modality) {
        if (!inputs.containsKey(modality)) {
            throw new IllegalArgumentException("dropFeatures: no modality '" + modality + "'; modalities: " + inputs.keySet());
        }
        dropped.add(modality);
    }

    /** The modalities whose features the fusion sees as zeros in this phase. */
    java.util.Set<String> dropped() {
        return java.util.Set.copyOf(dropped);
    }

    Map<String, INDArray> inputs() {
        return inputs;
    }

    @Override
    public int epoch() {
        return clock.epoch();
    }

    @Override
    public int epochs() {
        return clock.epochs();
    }

    @Override
    public int stepInEpoch() {
        return clock.stepInEpoch();
    }

    @Override
    public int stepsPerEpoch() {
        return clock.stepsPerEpoch();
    }

    @Override
    public long globalStep() {
        return clock.globalStep();
    }

    @Override
    public List<String> modalities() {
        return List.copyOf(inputs.keySet());
    }

    @Override
    public INDArray input(String modality) {
        return inputs.get(modality);
    }

    @Override
    public void replaceInput(String modality, INDArray input) {
        if (!inputs.containsKey(modality)) {
            throw new IllegalArgumentException("no modality '" + modality + "'");
        }
        inputs.put(modality, input);
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public long seed() {
        return seed;
    }
}
