package redreg.api;

import java.util.Map;
import redreg.api.stability.Stable;

/**
 * Observes a run (console, CSV writers, timers, research code). Listeners see; they never change the run.
 * Every method is optional.
 */
@Stable(since = "0.1")
public interface TrainingListener {

    /**
     * @param modalities   the run's modalities
     * @param epochs       epochs planned
     * @param stepsPerEpoch steps per epoch
     */
    record RunStart(java.util.List<String> modalities, int epochs, int stepsPerEpoch) {
        public long totalSteps() {
            return (long) epochs * stepsPerEpoch;
        }
    }

    /**
     * One finished step.
     *
     * @param epoch       epoch from 0
     * @param globalStep  steps before this one
     * @param loss        the total loss
     * @param nanos       wall time of the step (forward to optimizer update)
     * @param diagnostics per-step scalars (engine's signals and what the regulators recorded); empty when
     *                    {@code training.diagnostics} is off
     */
    record Step(int epoch, long globalStep, double loss, long nanos, Map<String, Object> diagnostics) {
    }

    /**
     * A run continued from a checkpoint: what happened before it, told once, right after {@link #onRunStart}.
     *
     * @param epochs    the epochs trained before the checkpoint (the next {@link #onEpochEnd} is the one after)
     * @param steps     the steps trained before it
     * @param stepNanos their total wall time
     */
    record Resumed(java.util.List<EpochMetrics> epochs, long steps, long stepNanos) {
        public Resumed {
            epochs = java.util.List.copyOf(epochs);
        }
    }

    default void onRunStart(RunStart run) {
    }

    /** The run continues from a checkpoint (called after {@link #onRunStart}); see {@link Resumed}. */
    default void onResume(Resumed resumed) {
    }

    default void onStep(Step step) {
    }

    default void onEpochEnd(EpochMetrics metrics) {
    }

    /** A line worth logging (a diverged run says why). */
    default void onMessage(String line) {
    }

    /** @param diverged why training stopped early, or null */
    default void onRunEnd(String diverged) {
    }
}
