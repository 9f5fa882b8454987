package redreg.api.internal.engine;

/** Where a step sits in the run. */
record StepClock(int epoch, int epochs, int stepInEpoch, int stepsPerEpoch) {

    long globalStep() {
        return (long) epoch * stepsPerEpoch + stepInEpoch;
    }

    void applyTo(StepData view) {
        view.epoch = epoch;
        view.epochs = epochs;
        view.stepInEpoch = stepInEpoch;
        view.stepsPerEpoch = stepsPerEpoch;
        view.globalStep = globalStep();
    }
}
