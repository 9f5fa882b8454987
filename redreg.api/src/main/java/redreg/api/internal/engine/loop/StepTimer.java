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

    /** The steps seen and their total time (a resumed run's timer continues its count). */
    public void save(redreg.api.PluginState s) {
        s.putLong("nanos", nanos).putLong("steps", steps);
    }

    public void restore(redreg.api.PluginState s) {
        nanos = s.getLong("nanos");
        steps = s.getLong("steps");
    }

    public double msPerStep() {
        return steps == 0 ? 0 : nanos / 1e6 / steps;
    }
}
