package redreg.api;

import redreg.api.stability.Stable;

/**
 * Where training stands: the epoch, the step within it, and the run's shape. The one clock every hook sees — a
 * step's view ({@link ForwardView}), the batch before it ({@link BatchControl}) and the run between steps
 * ({@link TrainingContext}).
 */
@Stable(since = "0.1")
public interface Clock {

    /** The current epoch, from 0. */
    int epoch();

    int epochs();

    /**
     * Steps done before this moment within the epoch: the step's index inside a step, 0 at
     * {@link Regulator#onEpochStart}, the steps trained at {@link Regulator#onEpochEnd}.
     */
    int stepInEpoch();

    int stepsPerEpoch();

    /** Steps done before this moment in the whole run. */
    default long globalStep() {
        return (long) epoch() * stepsPerEpoch() + stepInEpoch();
    }

    /** Fraction of training done, {@code globalStep / (epochs * stepsPerEpoch)}. */
    default double progress() {
        return (double) globalStep() / ((double) epochs() * stepsPerEpoch());
    }

    /** A clock standing at the given place (the engine's, and what a test of a plug-in hands its hooks). */
    static Clock of(int epoch, int epochs, int stepInEpoch, int stepsPerEpoch) {
        return new At(epoch, epochs, stepInEpoch, stepsPerEpoch);
    }

    /** A fixed place in training. */
    record At(int epoch, int epochs, int stepInEpoch, int stepsPerEpoch) implements Clock {
    }
}
