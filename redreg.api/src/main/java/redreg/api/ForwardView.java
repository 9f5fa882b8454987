package redreg.api;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/** What a plug-in sees of a step once its forward pass has run: shared by {@link LossControl} and {@link StepView}. */
@Stable(since = "0.1")
public interface ForwardView extends Clock {

    /** This phase of the step ({@link BatchControl#setPhases}), from 0. */
    default int phase() {
        return 0;
    }

    /** The phases of this step (1 unless a regulator asked for more). */
    default int phases() {
        return 1;
    }

    /** The modalities whose features the fusion saw as zeros in this forward ({@link BatchControl#dropFeatures}). */
    default java.util.Set<String> droppedFeatures() {
        return java.util.Set.of();
    }

    List<String> modalities();

    ModalityForward modality(String name);

    /** True-class indices of the batch. */
    int[] labels();

    default int batchSize() {
        return labels().length;
    }

    int numClasses();

    /** Logits of the fused head, [B, K]. */
    INDArray fusedLogits();

    /** Softmax of the fused head, [B, K]. */
    INDArray fusedProbabilities();

    /** The run's seed. */
    long seed();

    /**
     * An extra forward pass over this step's batch, with chosen modalities' inputs replaced (see {@link PassSpec}).
     * Train-mode passes use batch statistics but never change the running ones; eval-mode passes use the running
     * statistics. A {@link PassSpec#keep() kept} pass can be back-propagated in {@link Regulator#regulate}.
     */
    ForwardPass pass(PassSpec spec);

    /** Records a named per-step scalar; it lands as a column of the run's {@code diagnostics.csv}. */
    void diagnostic(String name, double value);
}
