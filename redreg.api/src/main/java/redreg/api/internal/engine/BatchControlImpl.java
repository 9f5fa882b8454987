package redreg.api.internal.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Batch;
import redreg.api.BatchControl;

final class BatchControlImpl implements BatchControl {
    private final Map<String, INDArray> inputs;
    private final int[] labels;
    private final int epoch;
    private final int epochs;
    private final long globalStep;
    private final long seed;

    BatchControlImpl(Batch batch, int epoch, int epochs, long globalStep, long seed) {
        this.inputs = new LinkedHashMap<>(batch.inputs());
        this.labels = batch.labels();
        this.epoch = epoch;
        this.epochs = epochs;
        this.globalStep = globalStep;
        this.seed = seed;
    }

    Map<String, INDArray> inputs() {
        return inputs;
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
    public long globalStep() {
        return globalStep;
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
