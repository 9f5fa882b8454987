package redreg.api.internal.engine.loop;

import java.util.LinkedHashMap;
import java.util.Map;
import redreg.api.Objective;

/**
 * The metrics of a regression ({@link Objective.Regression#metrics}) from each head's scores and the targets, in
 * double. The sentiment-scale accuracies follow MMSA's and MulT's evaluation code (module-docs/objectives.md):
 * numpy's round is half to even ({@link Math#rint}). Checked against numpy in RegressionMetricsTest.
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    /** {@code scores}: "fused" first, then one entry per modality head. */
    public static Map<String, Double> of(Objective.Regression objective, Map<String, double[]> scores, double[] targets) {
        double[] fused = scores.get("fused");
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("mae", mae(fused, targets));
        out.put("mse", mse(fused, targets));
        out.put("pearson", pearson(fused, targets));
        if (objective.sentimentScale()) {
            out.put("acc2", acc2(fused, targets));
            out.put("acc2nonzero", acc2NonZero(fused, targets));
            out.put("acc7", acc7(fused, targets));
        }
        scores.forEach((head, s) -> {
            if (!head.equals("fused")) {
                out.put("mae." + head, mae(s, targets));
            }
        });
        return out;
    }

    public static double mae(double[] s, double[] t) {
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            sum += Math.abs(s[i] - t[i]);
        }
        return t.length == 0 ? 0 : sum / t.length;
    }

    public static double mse(double[] s, double[] t) {
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            double e = s[i] - t[i];
            sum += e * e;
        }
        return t.length == 0 ? 0 : sum / t.length;
    }

    /** Pearson's r (numpy's corrcoef); 0 where it is undefined (constant scores or targets: no linear relation). */
    public static double pearson(double[] s, double[] t) {
        int n = t.length;
        double ms = 0;
        double mt = 0;
        for (int i = 0; i < n; i++) {
            ms += s[i];
            mt += t[i];
        }
        ms /= n;
        mt /= n;
        double cov = 0;
        double vs = 0;
        double vt = 0;
        for (int i = 0; i < n; i++) {
            cov += (s[i] - ms) * (t[i] - mt);
            vs += (s[i] - ms) * (s[i] - ms);
            vt += (t[i] - mt) * (t[i] - mt);
        }
        return vs > 0 && vt > 0 ? cov / Math.sqrt(vs * vt) : 0;
    }

    /** Binary accuracy with zero on the positive side: (score ≥ 0) = (target ≥ 0), MMSA's "Has0_acc_2". */
    public static double acc2(double[] s, double[] t) {
        int hit = 0;
        for (int i = 0; i < t.length; i++) {
            hit += (s[i] >= 0) == (t[i] >= 0) ? 1 : 0;
        }
        return t.length == 0 ? 0 : (double) hit / t.length;
    }

    /** MulT's binary accuracy: the samples whose target is not 0, (score > 0) = (target > 0); 0 when there are none. */
    public static double acc2NonZero(double[] s, double[] t) {
        int hit = 0;
        int counted = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] != 0) {
                counted++;
                hit += (s[i] > 0) == (t[i] > 0) ? 1 : 0;
            }
        }
        return counted == 0 ? 0 : (double) hit / counted;
    }

    /** 7-class accuracy: score and target clipped to [−3, 3], rounded half to even, equal. */
    public static double acc7(double[] s, double[] t) {
        int hit = 0;
        for (int i = 0; i < t.length; i++) {
            hit += sevenClass(s[i]) == sevenClass(t[i]) ? 1 : 0;
        }
        return t.length == 0 ? 0 : (double) hit / t.length;
    }

    private static int sevenClass(double x) {
        return Objective.Regression.sentimentClass(x);
    }
}
