package redreg.api;

import java.util.Map;
import redreg.api.stability.Stable;

/**
 * @param epoch     epoch index from 0
 * @param trainLoss mean total training loss
 * @param metrics   test metrics: {@code accuracy}, {@code macroF1}, {@code accuracy.<modality>}
 * @param lr        learning rate used
 * @param seconds   wall time of the epoch (training + evaluation)
 */
@Stable(since = "0.1")
public record EpochMetrics(int epoch, double trainLoss, Map<String, Double> metrics, double lr, double seconds) {
}
