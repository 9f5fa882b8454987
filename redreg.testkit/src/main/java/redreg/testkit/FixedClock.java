package redreg.testkit;

import redreg.api.Clock;

/**
 * The clock a fake step or batch stands at (epoch {@code epoch} of {@code epochs}, step {@code stepInEpoch} of
 * {@code stepsPerEpoch}): the one place the testkit's fakes keep it, as the engine's {@code Context} does for a run.
 */
abstract class FixedClock implements Clock {
    private final int epoch;
    private final int epochs;
    private final int stepInEpoch;
    private final int stepsPerEpoch;

    FixedClock(int epoch, int epochs, int stepInEpoch, int stepsPerEpoch) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.stepInEpoch = stepInEpoch;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public final int epoch() {
        return epoch;
    }

    @Override
    public final int epochs() {
        return epochs;
    }

    @Override
    public final int stepInEpoch() {
        return stepInEpoch;
    }

    @Override
    public final int stepsPerEpoch() {
        return stepsPerEpoch;
    }
}
