package redreg.api;

import java.util.Set;
import redreg.api.stability.Experimental;

/**
 * A copy of the run's model and optimizer state ({@link TrainingContext#fork}); training it never touches the run.
 * It trains on {@link DataPart#TRAIN} with the run's optimizer settings and batch size, in its own seeded order.
 */
@Experimental(since = "0.1", why = "G-Blending's nested training; one user so far")
public interface ModelFork extends AutoCloseable {

    /**
     * Trains the copy for {@code epochs} epochs with the given loss weights, the {@code zeroed} modalities' inputs
     * replaced by zeros.
     */
    void train(int epochs, LossWeights weights, Set<String> zeroed);

    /** Mean weighted loss (eval mode, no grad) over a part of the data, {@code zeroed} modalities' inputs zeroed. */
    double loss(DataPart part, LossWeights weights, Set<String> zeroed);

    /** Releases the copy's buffers. */
    @Override
    void close();
}
