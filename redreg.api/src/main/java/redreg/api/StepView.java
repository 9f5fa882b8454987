package redreg.api;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One training step between backward and the optimizer update, as a regulator sees it. */
public interface StepView {

    int epoch();

    int epochs();

    int stepInEpoch();

    int stepsPerEpoch();

    /** Steps done before this one in the whole run. */
    long globalStep();

    /** Fraction of training done, {@code globalStep / (epochs * stepsPerEpoch)}, in [0, 1). */
    default double progress() {
        return (double) globalStep() / ((double) epochs() * stepsPerEpoch());
    }

    List<String> modalities();

    ModalityStep modality(String name);

    /** True-class indices of the batch. */
    int[] labels();

    default int batchSize() {
        return labels().length;
    }

    int numClasses();

    /** Softmax of the fused head, [B, K]. */
    INDArray fusedProbabilities();

    /** Whether the unimodal heads' losses are part of the total loss (the paper's "*" setting). */
    boolean unimodalLosses();

    /** The run's seed. */
    long seed();

    /** Records a named per-step scalar; it lands as a column of the run's {@code diagnostics.csv}. */
    void diagnostic(String name, double value);
}
