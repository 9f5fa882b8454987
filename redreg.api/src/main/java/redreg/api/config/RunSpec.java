package redreg.api.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.ModalityEncoder;
import redreg.api.Regulator;
import redreg.api.Task;
import redreg.api.TrainingListener;
import redreg.api.config.LossConfig;
import redreg.api.config.OptimizerConfig;
import redreg.api.config.TrainingConfig;
import redreg.api.stability.Experimental;

/**
 * Everything one run is made of, resolved by the facade: the engine's single entry. The engine reads only this
 * record and the SPI; it never calls back into the experiment facade.
 *
 * @param regulators applied in order at every hook (usually one)
 * @param encoders   each modality's encoder, its plug-in chosen and its config bound
 * @param listeners  observers of the run (console, CSV files, timers)
 */
@Experimental(since = "0.1", why = "the engine's entry; grows with the run's parts")
public record RunSpec(long seed, Task task, Function<FusionContext, Fusion> fusionFactory, List<Regulator> regulators,
                      Map<String, ModalityEncoder> encoders, DataType dataType, OptimizerConfig optimizer,
                      LossConfig losses, TrainingConfig training, List<TrainingListener> listeners) {

    public RunSpec {
        regulators = List.copyOf(regulators);
        encoders = Map.copyOf(encoders);
        listeners = List.copyOf(listeners);
    }

    /** The same run with other regulators (tests, research code). */
    public RunSpec withRegulators(List<Regulator> others) {
        return new RunSpec(seed, task, fusionFactory, others, encoders, dataType, optimizer, losses, training, listeners);
    }

    /** The same run with other listeners. */
    public RunSpec withListeners(List<TrainingListener> others) {
        return new RunSpec(seed, task, fusionFactory, regulators, encoders, dataType, optimizer, losses, training, others);
    }
}
