package redreg.api.internal.engine;

import redreg.api.EpochMetrics;

/** Receives a run's progress (terminal progress bar, log file, tests). */
public interface RunObserver {

    default void start(long totalSteps) {
    }

    default void step(int epoch, double loss) {
    }

    default void epoch(EpochMetrics metrics) {
    }

    default void finish() {
    }
}
