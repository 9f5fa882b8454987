package redreg.api;

import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
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

    /**
     * The copy's pooled features of {@code modality} for a batch of inputs, eval mode, no grad: a trained fork serves
     * as a frozen teacher (UMT's uni-modal teachers).
     */
    default INDArray encode(String modality, INDArray input) {
        throw new UnsupportedOperationException("this fork offers no encoding");
    }

    /** Releases the copy's buffers. */
    @Override
    void close();
}
