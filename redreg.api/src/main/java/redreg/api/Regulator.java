package redreg.api;

import java.util.Map;

/**
 * A gradient regulator. The trainer owns the order of a step; the regulator owns decisions through these hooks:
 *
 * <pre>
 * onTrainStart
 * for each epoch: onEpochStart
 *   for each batch: beforeStep(batch) → forward → losses → backward → regulate(step) → weight decay → optimizer
 *   onEpochEnd(metrics)
 * </pre>
 *
 * A regulator is created fresh for each run and may keep state between calls.
 */
public interface Regulator {

    default void onTrainStart(TrainingContext context) {
    }

    default void onEpochStart(TrainingContext context) {
    }

    /** Before the forward pass: may rewrite the batch's inputs (modality dropout, say). */
    default void beforeStep(BatchControl batch) {
    }

    /** Between backward and the optimizer update: read the step, rewrite {@link ModalityStep#gradients()} in place. */
    void regulate(StepView step);

    /** After the epoch's evaluation; {@code metrics} holds the epoch's train loss and test accuracies. */
    default void onEpochEnd(TrainingContext context, Map<String, Double> metrics) {
    }
}
