package redreg.api.experiment;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Batch;
import redreg.api.ConfigException;
import redreg.api.DataSplit;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.Tasks;

/**
 * A task to evaluate a trained model on, seen with the model's modalities: a modality the task lacks (a
 * {@code task.modalities} subset) is fed as zeros, the paper's uni-modal evaluation of a multimodal model.
 */
final class CoveringTask implements Task {
    private final Task task;
    private final List<ModalitySpec> model;
    private final DataType type;

    CoveringTask(Task task, List<ModalitySpec> model, int classes, DataType type) {
        this.task = task;
        this.model = List.copyOf(model);
        this.type = type;
        List<String> names = model.stream().map(ModalitySpec::name).toList();
        for (ModalitySpec m : task.modalities()) {
            ModalitySpec trained = model.stream().filter(s -> s.name().equals(m.name())).findFirst()
                    .orElseThrow(() -> new ConfigException("task: modality '" + m.name() + "' is not one the model was"
                            + " trained on; the model's modalities: " + String.join(", ", names)));
            if (!Arrays.equals(trained.shape(), m.shape())) {
                throw new ConfigException("task: modality '" + m.name() + "' has samples of shape "
                        + Arrays.toString(m.shape()) + ", the model was trained on " + Arrays.toString(trained.shape()));
            }
        }
        if (task.classes().size() != classes) {
            throw new ConfigException("task: " + task.classes().size() + " classes, the model was trained on " + classes);
        }
    }

    /** The modalities the task itself offers (the others are zeros). */
    List<String> present() {
        return task.modalities().stream().map(ModalitySpec::name).toList();
    }

    @Override
    public List<ModalitySpec> modalities() {
        return model;
    }

    @Override
    public List<String> classes() {
        return task.classes();
    }

    @Override
    public redreg.api.Objective objective() {
        return task.objective();
    }

    @Override
    public DataSplit train() {
        return covered(task.train());
    }

    @Override
    public DataSplit test() {
        return covered(task.test());
    }

    private DataSplit covered(DataSplit split) {
        if (task.modalities().size() == model.size()) {
            return split;
        }
        return Tasks.mapped(split, b -> {
            Map<String, INDArray> inputs = new LinkedHashMap<>();
            for (ModalitySpec m : model) {
                INDArray x = b.inputs().get(m.name());
                if (x == null) {
                    long[] shape = new long[m.shape().length + 1];
                    shape[0] = b.labels().length;
                    System.arraycopy(m.shape(), 0, shape, 1, m.shape().length);
                    x = Nd4j.zeros(type, shape);
                }
                inputs.put(m.name(), x);
            }
            return b.withInputs(inputs);
        });
    }
}
