package redreg.regulators.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.LossControl;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.regulators.MbsdConfig;

/**
 * MBSD — modality-balanced self-distillation, as BalanceBenchmark's {@code MBSD_trainer.py} computes it (the only
 * code of the method that could be found). Per pair of modalities (a, b) and sample i, with p_m = softmax(l_m) the
 * heads' predictions, s = p_a[y], t = p_b[y]:
 *
 * <ol>
 * <li>gap weight w_i = |s − t| when either head predicts y, else 0;</li>
 * <li>L_RS = (1/B)·Σ_i w_i·(1/K)·‖l_a − l_b‖² (the logits' squared distance);</li>
 * <li>L_KL = (1/B)·Σ_i w_i·lo_i·(log lo_i − hi_i), with hi = max(s, t), lo = min(s, t) — what
 *     {@code F.kl_div(ps, pw)} computes on two probabilities;</li>
 * <li>loss = CE(fused) + Σ_m CE(head_m) + L_RS + L_KL; pairs averaged for M &gt; 2.</li>
 * </ol>
 * As in the trainer, w, hi and lo are not detached: the gradient flows through them too. Both terms act on the heads'
 * logits ({@link LossControl#addLogitTerm}), so they train the heads and, through them, the encoders.
 */
final class Mbsd implements Regulator {
    static final double EPS = 1e-12;
    private final MbsdConfig c;

    Mbsd(MbsdConfig config) {
        this.c = config;
    }

    /** Stateless: nothing to save, resumable. */
    @Override
    public boolean saveState(PluginState state) {
        return true;
    }

    @Override
    public void shapeLoss(LossControl loss) {
        loss.setFusedWeight(1.0);
        List<String> mods = loss.modalities();
        mods.forEach(m -> loss.setUnimodalWeight(m, c.unimodalWeight()));
        int[] y = loss.labels();
        Map<String, double[][]> logits = new HashMap<>();
        Map<String, double[][]> rs = new HashMap<>();
        Map<String, double[][]> kl = new HashMap<>();
        for (String m : mods) {
            double[][] l = loss.modality(m).logits().castTo(DataType.DOUBLE).toDoubleMatrix();
            logits.put(m, l);
            rs.put(m, new double[l.length][l[0].length]);
            kl.put(m, new double[l.length][l[0].length]);
        }
        int pairs = mods.size() * (mods.size() - 1) / 2;
        double scale = 1.0 / (y.length * pairs);
        double rsValue = 0;
        double klValue = 0;
        for (int i = 0; i < mods.size(); i++) {
            for (int j = i + 1; j < mods.size(); j++) {
                Pair p = new Pair(logits.get(mods.get(i)), logits.get(mods.get(j)), y, scale);
                rsValue += p.rs;
                klValue += p.kl;
                addInto(rs.get(mods.get(i)), p.rsGradA);
                addInto(rs.get(mods.get(j)), p.rsGradB);
                addInto(kl.get(mods.get(i)), p.klGradA);
                addInto(kl.get(mods.get(j)), p.klGradB);
            }
        }
        DataType type = loss.fusedLogits().dataType();
        if (c.similarityWeight() > 0) {
            loss.addLogitTerm("mbsd.rs", c.similarityWeight() * rsValue, scaled(rs, c.similarityWeight(), type));
        }
        if (c.klWeight() > 0) {
            loss.addLogitTerm("mbsd.kl", c.klWeight() * klValue, scaled(kl, c.klWeight(), type));
        }
    }

    @Override
    public void regulate(StepView step) {
        // MBSD acts on the loss only.
    }

    private static void addInto(double[][] into, double[][] g) {
        for (int i = 0; i < g.length; i++) {
            for (int k = 0; k < g[i].length; k++) {
                into[i][k] += g[i][k];
            }
        }
    }

    private static Map<String, INDArray> scaled(Map<String, double[][]> g, double w, DataType type) {
        Map<String, INDArray> out = new HashMap<>();
        g.forEach((m, a) -> out.put(m, Nd4j.createFromArray(a).muli(w).castTo(type)));
        return out;
    }

    /** Both terms of one pair (batch-mean, already divided by the number of pairs) and their logit gradients. */
    static final class Pair {
        double rs;
        double kl;
        final double[][] rsGradA;
        final double[][] rsGradB;
        final double[][] klGradA;
        final double[][] klGradB;

        Pair(double[][] la, double[][] lb, int[] y, double scale) {
            int n = la.length;
            int k = la[0].length;
            rsGradA = new double[n][k];
            rsGradB = new double[n][k];
            klGradA = new double[n][k];
            klGradB = new double[n][k];
            for (int i = 0; i < n; i++) {
                double[] pa = LogitRows.softmax(la[i]);
                double[] pb = LogitRows.softmax(lb[i]);
                double s = pa[y[i]];
                double t = pb[y[i]];
                boolean correct = LogitRows.argmax(pa) == y[i] || LogitRows.argmax(pb) == y[i];
                double sign = Math.signum(s - t);
                double w = correct ? Math.abs(s - t) : 0;
                double dwds = correct ? sign : 0; // dw/dt = −dw/ds
                double dist = 0;
                for (int j = 0; j < k; j++) {
                    dist += (la[i][j] - lb[i][j]) * (la[i][j] - lb[i][j]);
                }
                double rsI = dist / k;
                boolean aStrong = s >= t;
                double hi = aStrong ? s : t;
                double lo = aStrong ? t : s;
                double logLo = Math.log(Math.max(lo, EPS));
                double klI = lo * (logLo - hi);
                rs += scale * w * rsI;
                kl += scale * w * klI;
                // d/ds and d/dt of w·KL_i: through w, and through hi/lo (dKL/dhi = −lo, dKL/dlo = log lo + 1 − hi).
                double dKLdHi = -lo;
                double dKLdLo = logLo + 1 - hi;
                double klDs = klI * dwds + w * (aStrong ? dKLdHi : dKLdLo);
                double klDt = -klI * dwds + w * (aStrong ? dKLdLo : dKLdHi);
                double rsDs = rsI * dwds;
                double rsDt = -rsI * dwds;
                for (int j = 0; j < k; j++) {
                    // ds/dl_a[j] = s·(1[j = y] − p_a[j]); dt/dl_b[j] likewise.
                    double dsa = s * ((j == y[i] ? 1 : 0) - pa[j]);
                    double dtb = t * ((j == y[i] ? 1 : 0) - pb[j]);
                    double diff = 2.0 * w * (la[i][j] - lb[i][j]) / k;
                    rsGradA[i][j] = scale * (diff + rsDs * dsa);
                    rsGradB[i][j] = scale * (-diff + rsDt * dtb);
                    klGradA[i][j] = scale * klDs * dsa;
                    klGradB[i][j] = scale * klDt * dtb;
                }
            }
        }
    }
}
