package redreg.api.internal.engine.loop;

import java.util.List;
import redreg.api.EpochMetrics;
import redreg.api.Objective;

/** Which epoch a run reports ({@code training.select}): the last, or the best on the validation part. */
final class EpochSelection {
    private EpochSelection() {
    }

    /**
     * {@code training.select}: the index of the last epoch, or of the first epoch of the best validation accuracy
     * ({@code best-val}; a regression's: the lowest validation MAE) — for the run's outcome and its result file alike.
     */
    static int selected(List<EpochMetrics> history, String select) {
        if (!select.equals("best-val")) {
            return history.size() - 1;
        }
        // the objective's primary metric on the validation part: accuracy (higher), a regression's MAE (lower)
        Objective objective = history.get(0).metrics().containsKey(
                "val." + Objective.regression().primaryMetric()) ? Objective.regression()
                : Objective.classification();
        String key = "val." + objective.primaryMetric();
        int best = 0;
        for (int i = 1; i < history.size(); i++) {
            double v = history.get(i).metrics().get(key);
            double b = history.get(best).metrics().get(key);
            if (objective.higherIsBetter() ? v > b : v < b) {
                best = i;
            }
        }
        return best;
    }
}
