package redreg.api.experiment;

import java.nio.file.Path;
import redreg.api.EpochMetrics;
import java.util.List;
import java.util.Map;
import redreg.api.stability.Stable;

/**
 * What a finished run reports (also written to {@code result.json} in its folder).
 *
 * @param runDir      the run folder
 * @param configHash  hash of the resolved config (the run's key)
 * @param epochs      one entry per epoch
 * @param finalMetrics the last epoch's test metrics: {@code accuracy}, {@code macroF1},
 *                     {@code accuracy.<modality>} for each head; a regression's {@code mae}, {@code mse},
 *                     {@code pearson} (on a sentiment scale {@code acc2}, {@code acc2nonzero}, {@code acc7}),
 *                     {@code mae.<modality>}
 * @param msPerStep   mean wall time of a training step
 * @param diverged    why training stopped early (a non-finite loss), or null when it ran to the end
 */
@Stable(since = "0.1")
public record RunResult(Path runDir, String configHash, List<EpochMetrics> epochs, Map<String, Double> finalMetrics,
                        double msPerStep, String diverged) {

    /** The fused test accuracy (a classification run; a regression's metrics are {@code mae}, {@code mse}, …). */
    public double accuracy() {
        return finalMetrics.get("accuracy");
    }

    /** A final test metric by name ({@code accuracy}, {@code mae}, {@code acc7}, …); a one-line error if absent. */
    public double metric(String name) {
        Double v = finalMetrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + name + "'; this run's: " + String.join(", ",
                    finalMetrics.keySet()));
        }
        return v;
    }

    public double modalityAccuracy(String modality) {
        return finalMetrics.get("accuracy." + modality);
    }

    /** The per-step diagnostics file (RLC, DGR, RS, gate state, regulator scalars). */
    public Path diagnosticsCsv() {
        return runDir.resolve("diagnostics.csv");
    }
}
