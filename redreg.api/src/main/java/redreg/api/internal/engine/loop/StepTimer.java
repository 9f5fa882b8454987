package redreg.api.internal.engine.loop;

import redreg.api.TrainingListener;

/** Mean wall time of the steps it has seen: the run's ms/step and the bench's timer. */
public final class StepTimer implements TrainingListener {
    private long nanos;
    private long steps;

    @Override
    public void onStep(Step step) {
        nanos += step.nanos();
        steps++;
    }

    /** Forgets what was seen (the bench's warm-up). */
    public void reset() {
        nanos = 0;
        steps = 0;
    }

    /** Counts steps seen elsewhere (a resumed run's steps before its checkpoint). */
    public void add(long steps, long nanos) {
        this.steps += steps;
        this.nanos += nanos;
    }

    public long steps() {
        return steps;
    }

    public long nanos() {
        return nanos;
    }

    public double msPerStep() {
        return steps == 0 ? 0 : nanos / 1e6 / steps;
    }
}
