package redreg.api.experiment;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import redreg.api.ConfigException;
import redreg.api.FusionProvider;
import redreg.api.Objective;
import redreg.api.Plugin;
import redreg.api.RegulatorProvider;
import redreg.api.Task;

/**
 * A regulator or fusion defined on class probabilities or class logits refuses a regression task (and one defined
 * on real-valued targets a classification): one line naming the plug-ins that accept it, before anything trains.
 */
final class ObjectiveSupport {
    private ObjectiveSupport() {
    }

    static void require(Task task, ExperimentConfig config, Registry registry, RegulatorProvider<?> regulator,
                        FusionProvider<?> fusion) {
        Objective objective = task.objective();
        boolean regression = objective instanceof Objective.Regression;
        if (!regulator.supports(objective)) {
            throw refused("regulator", config.regulator().name(), config, objective,
                    regression ? "class probabilities" : "real-valued targets", "regulators",
                    accepting(registry.regulators(), p -> p.supports(objective)));
        }
        if (!fusion.supports(objective)) {
            throw refused("fusion", config.fusion().name(), config, objective,
                    regression ? "class logits" : "real-valued targets", "fusions",
                    accepting(registry.fusions(), p -> p.supports(objective)));
        }
    }

    private static <P extends Plugin<?>> List<String> accepting(Collection<P> plugins, Predicate<P> supports) {
        return plugins.stream().filter(supports).map(Plugin::name).sorted().toList();
    }

    private static ConfigException refused(String kind, String name, ExperimentConfig config, Objective objective,
                                           String definedOn, String kinds, List<String> accepting) {
        return new ConfigException(kind + " " + name + " does not support task " + config.task().name()
                + "'s target " + objective.target() + " (it is defined on " + definedOn + "); " + kinds
                + " for target " + objective.target() + ": " + (accepting.isEmpty() ? "none" : String.join(", ", accepting)));
    }
}
