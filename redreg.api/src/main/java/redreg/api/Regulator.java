package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/**
 * A balancing method. The trainer owns the order of a step; the regulator owns decisions through these hooks
 * (every hook but {@link #regulate} is optional):
 *
 * <pre>
 * onTrainStart(context)
 * for each epoch:
 *   onEpochStart(context)                   epoch-boundary work: feature passes, parameter resets, forks
 *   for each batch:
 *     beforeStep(batch)                     rewrite the inputs
 *     forward (encoders, fusion, heads)
 *     shapeLoss(loss)                       weight the fused and unimodal losses, add terms, run extra passes
 *     backward of the weighted total
 *     regulate(step)                        read per-loss gradients, back-propagate kept passes, rewrite gradients
 *     weight decay, optimizer update
 *   evaluation (test split; validation split when training.validation &gt; 0)
 *   onEpochEnd(context, metrics)
 * </pre>
 *
 * A regulator is created fresh for each run and may keep state between calls. Several regulators may be
 * stacked in one run; each hook is then called on each of them, in order.
 *
 * <p><b>Resume.</b> A run with checkpoints ({@code training.checkpointEvery}) saves the regulator's state at an
 * epoch boundary ({@link #saveState}, after {@code onEpochEnd}) and, when a killed run is started again, builds a
 * fresh regulator and hands the state back ({@link #restoreState}) instead of calling {@code onTrainStart}; the
 * resumed run must then continue exactly as the uninterrupted one would (same random draws, same windows, same
 * snapshots). A regulator that does not implement {@link #saveState} is not resumable: such a run restarts from
 * epoch 0 when it is started again.
 */
@Stable(since = "0.1")
public interface Regulator {

    default void onTrainStart(TrainingContext context) {
    }

    default void onEpochStart(TrainingContext context) {
    }

    /** Before the forward pass: may rewrite the batch's inputs (modality dropout, say). */
    default void beforeStep(BatchControl batch) {
    }

    /**
     * After the forward pass, before backward: choose the weight of the fused loss and of each modality's
     * unimodal loss for this step, add loss terms of the plug-in's own on the step's tensors, run extra passes.
     */
    default void shapeLoss(LossControl loss) {
    }

    /** Between backward and the optimizer update: read the step, rewrite {@link ModalityStep#gradients()} in place. */
    void regulate(StepView step);

    /**
     * After the epoch's evaluation; {@code metrics} holds the epoch's train loss ({@code trainLoss}), the test
     * metrics and, with a validation split, the same metrics on it prefixed {@code val.}.
     */
    default void onEpochEnd(TrainingContext context, Map<String, Double> metrics) {
    }

    /**
     * The test-time fusion rule: the logits the run's metrics score (accuracy, macro-F1, on the test split and the
     * validation part), from the fused head's and every modality head's logits of an evaluation batch (eval mode).
     * The default keeps the fused head's; UME averages the heads'. Stacked regulators apply it in order, each
     * receiving the previous one's result as {@code fused}.
     *
     * @param fused  [B, K] the fused head's logits (or the previous regulator's rule)
     * @param heads  [B, K] per modality, its own head's logits
     */
    default INDArray evaluationLogits(INDArray fused, Map<String, INDArray> heads) {
        return fused;
    }

    /**
     * Saves everything this regulator keeps between calls into {@code state} (called between epochs, after
     * {@code onEpochEnd}; must not change the regulator). Returns false, the default, when the regulator cannot be
     * resumed: the run then keeps no checkpoint and restarts from epoch 0 after a crash. A stateless regulator
     * returns true and saves nothing.
     */
    default boolean saveState(PluginState state) {
        return false;
    }

    /**
     * Continues from a state {@link #saveState} wrote, in place of {@code onTrainStart}, on a fresh regulator of the
     * same config; the next call is {@code onEpochStart} of the epoch after the saved one. {@code context} is the
     * resumed run's (its parameters already restored).
     */
    default void restoreState(TrainingContext context, PluginState state) {
    }
}
