package redreg.api;

import java.util.ArrayList;
import java.util.List;
import redreg.api.stability.Experimental;

/**
 * What a task's model predicts and how a run scores it (issue 19): a class out of K, or one real score per sample.
 * The task declares it ({@link Task#objective()}); the engine derives from it the heads' output size, the loss
 * (softmax cross-entropy; or {@code losses.regression}: MSE or L1 on the score), the metrics every run reports and
 * the metric a run selects on. Regulators declare which objectives they are defined for
 * ({@link RegulatorProvider#supports}).
 */
@Experimental(since = "0.2", why = "issue 19: new; more targets (multi-label, ordinal) may add cases")
public sealed interface Objective permits Objective.Classification, Objective.Regression {

    /** Classification over the task's {@link Task#classes()}: softmax heads, cross-entropy, accuracy and macro-F1. */
    static Objective classification() {
        return new Classification();
    }

    /** Regression of one real target per sample: linear one-unit heads, MAE, MSE and Pearson r. */
    static Objective regression() {
        return new Regression(false);
    }

    /**
     * Regression of a CMU-MOSI-style sentiment score in [−3, 3]: besides MAE, MSE and Pearson r, the customary
     * {@code acc2} (score ≥ 0 against < 0), {@code acc2nonzero} (MulT's: samples with a non-zero target only, > 0
     * against ≤ 0) and {@code acc7} (score and target clipped to [−3, 3] and rounded half to even, as numpy does).
     */
    static Objective sentimentRegression() {
        return new Regression(true);
    }

    /** The task's {@code target} as YAML and messages name it: {@code classification} or {@code regression}. */
    String target();

    /** Output units of every head and of the fusion for {@code classes} classes. */
    int outputs(int classes);

    /** The fused metrics every evaluation reports, in report order; the first is the primary one. */
    List<String> metrics(List<String> modalities);

    /** The metric tables lead with and {@code training.select: best-val} selects on (its {@code val.} twin). */
    default String primaryMetric() {
        return metrics(List.of()).get(0);
    }

    /** Whether a larger value of {@link #primaryMetric()} is better (accuracy) or a smaller one (an error). */
    boolean higherIsBetter();

    /** The per-head metric ({@code <name>.<modality>}). */
    String headMetric();

    /** Softmax classification. */
    record Classification() implements Objective {
        @Override
        public String target() {
            return "classification";
        }

        @Override
        public int outputs(int classes) {
            return classes;
        }

        @Override
        public List<String> metrics(List<String> modalities) {
            List<String> out = new ArrayList<>(List.of("accuracy", "macroF1"));
            modalities.forEach(m -> out.add("accuracy." + m));
            return out;
        }

        @Override
        public boolean higherIsBetter() {
            return true;
        }

        @Override
        public String headMetric() {
            return "accuracy";
        }
    }

    /**
     * One real score per sample.
     *
     * @param sentimentScale targets on CMU-MOSI's [−3, 3] scale: the customary accuracies are reported too
     */
    record Regression(boolean sentimentScale) implements Objective {
        @Override
        public String target() {
            return "regression";
        }

        @Override
        public int outputs(int classes) {
            return 1;
        }

        @Override
        public List<String> metrics(List<String> modalities) {
            List<String> out = new ArrayList<>(List.of("mae", "mse", "pearson"));
            if (sentimentScale) {
                out.addAll(List.of("acc2", "acc2nonzero", "acc7"));
            }
            modalities.forEach(m -> out.add("mae." + m));
            return out;
        }

        @Override
        public boolean higherIsBetter() {
            return false;
        }

        @Override
        public String headMetric() {
            return "mae";
        }

        /**
         * The 7-class label of a sentiment score: round(clip(x, −3, 3)) in −3..3, rounded half to even as numpy's
         * {@code np.round} (MulT's and MMSA's Acc-7). A task's {@code seven-class} labels and the metric share it.
         */
        public static int sentimentClass(double x) {
            return (int) Math.rint(Math.max(-3, Math.min(3, x)));
        }
    }
}
