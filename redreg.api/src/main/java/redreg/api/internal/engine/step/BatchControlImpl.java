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

    BatchControlImpl(Batch batch, Clock clock, long seed) {
        this.inputs = new LinkedHashMap<>(batch.inputs());
        this.labels = batch.labels();
        this.clock = clock;
        this.seed = seed;
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
