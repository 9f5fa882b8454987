package redreg.testkit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redreg.api.EpochMetrics;
import redreg.api.TrainingListener;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/**
 * What a {@link TrainingKit} run gave: every step as the run's listeners saw it (loss and diagnostics: the engine's
 * signals such as {@code gradNorm.<m>} and what the regulator recorded), the epochs' metrics and the run's result.
 *
 * @param experiment the experiment that ran
 * @param result     the run's result (its folder is gone unless {@link TrainingKit#in} named one)
 * @param steps      every step, in order
 * @param epochs     every epoch's metrics, in order
 */
public record Training(Experiment experiment, RunResult result, List<TrainingListener.Step> steps,
                       List<EpochMetrics> epochs) {

    public Training {
        steps = List.copyOf(steps);
        epochs = List.copyOf(epochs);
    }

    /** Every diagnostic name that some step recorded, in first-seen order. */
    public Set<String> columns() {
        Set<String> out = new LinkedHashSet<>();
        steps.forEach(s -> out.addAll(s.diagnostics().keySet()));
        return out;
    }

    /** One diagnostic over the steps; NaN where a step did not record it. Fails for a name no step recorded. */
    public double[] column(String name) {
        if (!columns().contains(name)) {
            throw new AssertionError("no step recorded '" + name + "'; recorded: " + columns());
        }
        return steps.stream().mapToDouble(s -> value(s.diagnostics(), name)).toArray();
    }

    /** The total loss of each step. */
    public double[] losses() {
        return steps.stream().mapToDouble(TrainingListener.Step::loss).toArray();
    }

    /** The final test accuracy (fused head). */
    public double accuracy() {
        return result.accuracy();
    }

    private static double value(Map<String, Object> row, String name) {
        return row.get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
