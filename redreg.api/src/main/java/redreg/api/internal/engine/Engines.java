package redreg.api.internal.engine;

import redreg.api.Regulator;
import redreg.api.Task;
import redreg.api.experiment.Experiment;

/** Builds the engine for a resolved experiment. */
public final class Engines {
    private Engines() {
    }

    public static TrainingRun create(Experiment experiment, RunFiles files, RunObserver observer) {
        return create(experiment, files, observer, null);
    }

    /** With {@code regulator} in place of the configured one (tests, custom code); null keeps the configured one. */
    public static TrainingRun create(Experiment experiment, RunFiles files, RunObserver observer, Regulator regulator) {
        var config = experiment.config();
        Task task = experiment.createTask();
        return new TrainingRun(new TrainingRun.Setup(config.seed(), task, experiment::createFusion,
                regulator != null ? regulator : experiment.createRegulator(), experiment.encoderSpecs(task),
                experiment.dataType(), config.optimizer(), config.losses(), config.training(), files, observer));
    }
}
