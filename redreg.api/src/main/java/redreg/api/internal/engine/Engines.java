package redreg.api.internal.engine;

import redreg.api.FusionProvider;
import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.api.Task;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.Registry;

/** Builds the engine for a resolved experiment. */
public final class Engines {
    private Engines() {
    }

    public static TrainingRun create(Experiment experiment, RunFiles files, RunObserver observer) {
        return create(experiment, files, observer, null);
    }

    /** With {@code regulator} in place of the configured one (tests, custom code); null keeps the configured one. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static TrainingRun create(Experiment experiment, RunFiles files, RunObserver observer, Regulator regulator) {
        var config = experiment.config();
        Registry registry = Registry.discover();
        Task task = experiment.createTask();
        FusionProvider fusion = registry.fusion(config.fusion().name(), "fusion");
        RegulatorProvider provider = registry.regulator(config.regulator().name(), "regulator");
        Record fusionConfig = experiment.fusionConfig();
        return new TrainingRun(new TrainingRun.Setup(config.seed(), task, ctx -> fusion.create(fusionConfig, ctx),
                regulator != null ? regulator : provider.create(experiment.regulatorConfig()), experiment.encoderSpecs(task), experiment.dataType(),
                config.optimizer(), config.losses(), config.training(), files, observer));
    }
}
