package redreg.api;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/** The batch before its forward pass; inputs may be rewritten in place or replaced. */
@Stable(since = "0.1")
public interface BatchControl extends Clock {

    List<String> modalities();

    /** The modality's input batch, first dimension the batch. */
    INDArray input(String modality);

    void replaceInput(String modality, INDArray input);

    int[] labels();

    long seed();

    /**
     * Trains this batch in {@code count} phases, each a whole step of its own — beforeStep, forward, shapeLoss,
     * backward, regulate, optimizer update — on the same batch (MLA's alternating unimodal updates: one phase per
     * modality). Asked for in phase 0; beforeStep is then called again at the start of every later phase, with the
     * batch's inputs as the data gave them. The clock does not move between phases.
     */
    default void setPhases(int count) {
        throw new UnsupportedOperationException("this batch offers no phases");
    }

    /** This phase of the step, from 0 (always 0 without {@link #setPhases}). */
    default int phase() {
        return 0;
    }

    /** The phases this step is trained in (1 unless a regulator asked for more in phase 0). */
    default int phases() {
        return 1;
    }

    /**
     * Replaces modality {@code modality}'s pooled features by zeros where the fusion reads them, in this phase's
     * forward only: its encoder still runs and its own head still sees its features (so its accuracy stays
     * meaningful), but neither the fused loss nor a term on the fused logits reaches that encoder. (The official
     * code of a modality-dropping method zeroes the features; {@link PassSpec#zero} zeroes the input instead.)
     */
    default void dropFeatures(String modality) {
        throw new UnsupportedOperationException("this batch offers no feature dropping");
    }
}
