package redreg.api;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What a regulator may see outside a step: the run's shape and the live encoder parameters. */
public interface TrainingContext {

    List<String> modalities();

    int numClasses();

    /** The epoch about to start (or just ended), from 0. */
    int epoch();

    int epochs();

    int stepsPerEpoch();

    /** The run's seed: derive the regulator's own random streams from it so runs repeat. */
    long seed();

    /** Live views of a modality's trainable encoder parameters by name: copy them ({@code dup()}) to keep a snapshot. */
    Map<String, INDArray> parameters(String modality);
}
