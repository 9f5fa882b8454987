package redreg.regulators.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ForwardPass;
import redreg.api.LossControl;
import redreg.api.PluginState;
import redreg.api.PassSpec;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.regulators.ValuationConfig;

/**
 * Sample-level modality valuation — "Enhancing multimodal cooperation via sample-level modality valuation" (Wei,
 * Feng, Wang &amp; Hu, CVPR 2024), after the official {@code code/sample_level.py}.
 *
 * <ol>
 * <li>Value of a coalition S of modalities for sample i: v(S) = |S|·1[argmax of the fused prediction with only S
 *     present = y_i], v(∅) = 0 (the code: 1 per single modality, 2 for both, eval mode, no gradient).</li>
 * <li>Shapley contribution φ_m = Σ_{S ∌ m} |S|!(M − |S| − 1)!/M! · (v(S ∪ {m}) − v(S)); for two modalities
 *     φ_a = (v_a + v_av − v_v)/2, the code's {@code contrib_a}.</li>
 * <li>Re-sampling: a sample gets 1 extra copy training modality m alone when 0.4 &lt; φ_m &lt; 0.9, 2 when
 *     −0.1 &lt; φ_m &lt; 0.4, 3 when φ_m &lt; −0.1, none otherwise (the code's thresholds); a copy is trained on the
 *     fused cross-entropy with every other modality removed.</li>
 * </ol>
 * The official code values the whole training set after each epoch and appends the copies to the next epoch's
 * data; here each step values its own batch (the step's model, eval mode) and trains the copies in the same step as
 * an extra weighted cross-entropy — the same gradient per epoch, in fewer optimizer steps. Modalities are removed
 * by zeroing their input (the engine's pass convention); the official model zeroes their pooled features.
 */
final class Valuation implements Regulator {
    private final ValuationConfig c;
    /** Kept single-modality passes of this step, with each sample's number of copies. */
    private final List<Copies> copies = new ArrayList<>();

    record Copies(String modality, ForwardPass pass, double[] count) {
    }

    Valuation(ValuationConfig config) {
        this.c = config;
    }

    /** Stateless between steps (the copies live within one step): nothing to save, resumable. */
    @Override
    public boolean saveState(PluginState state) {
        return true;
    }

    @Override
    public void shapeLoss(LossControl loss) {
        copies.clear();
        if (loss.epoch() < c.warmupEpochs()) {
            return;
        }
        List<String> mods = loss.modalities();
        int m = mods.size();
        int full = (1 << m) - 1;
        int[] y = loss.labels();
        // value[S][i] = |S|·correct, S a bitmask over the modality order
        double[][] value = new double[full + 1][y.length];
        for (int s = 1; s <= full; s++) {
            double[][] logits = loss.pass(PassSpec.eval().zero(absent(s, mods))).fusedLogits()
                    .castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int i = 0; i < y.length; i++) {
                value[s][i] = LogitRows.argmax(logits[i]) == y[i] ? Integer.bitCount(s) : 0;
            }
        }
        double[][] phi = shapley(value, m, y.length);
        for (int j = 0; j < m; j++) {
            double[] count = new double[y.length];
            double sumPhi = 0;
            double total = 0;
            for (int i = 0; i < y.length; i++) {
                count[i] = copiesFor(phi[j][i]);
                sumPhi += phi[j][i];
                total += count[i];
            }
            loss.diagnostic("valuation.contribution." + mods.get(j), sumPhi / y.length);
            loss.diagnostic("valuation.copies." + mods.get(j), total / y.length);
            if (total > 0) {
                ForwardPass alone = loss.pass(PassSpec.train().zero(absent(1 << j, mods)).keep());
                copies.add(new Copies(mods.get(j), alone, count));
            }
        }
    }

    /** The modalities outside coalition {@code s}. */
    static String[] absent(int s, List<String> mods) {
        Set<String> out = new TreeSet<>();
        for (int j = 0; j < mods.size(); j++) {
            if ((s & (1 << j)) == 0) {
                out.add(mods.get(j));
            }
        }
        return out.toArray(String[]::new);
    }

    /** φ[m][i] from coalition values value[S][i] (value[0] = v(∅) = 0). */
    static double[][] shapley(double[][] value, int m, int n) {
        double[][] phi = new double[m][n];
        for (int j = 0; j < m; j++) {
            for (int s = 0; s < (1 << m); s++) {
                if ((s & (1 << j)) != 0) {
                    continue;
                }
                int size = Integer.bitCount(s);
                double w = factorial(size) * factorial(m - size - 1) / factorial(m);
                for (int i = 0; i < n; i++) {
                    phi[j][i] += w * (value[s | (1 << j)][i] - value[s][i]);
                }
            }
        }
        return phi;
    }

    private static double factorial(int k) {
        double f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return f;
    }

    /** The code's re-sampling rule (AV_KS_Dataset_sample_level). */
    static int copiesFor(double phi) {
        if (phi > 0.4 && phi < 0.9) {
            return 1;
        }
        if (phi > -0.1 && phi < 0.4) {
            return 2;
        }
        return phi < -0.1 ? 3 : 0;
    }

    /** Each copy's cross-entropy, d/dlogits = count_i·(softmax − onehot)/B, back-propagated through its pass. */
    @Override
    public void regulate(StepView step) {
        int[] y = step.labels();
        double copyLoss = 0;
        for (Copies k : copies) {
            INDArray logits = k.pass().fusedLogits();
            double[][] p = softmax(logits.castTo(DataType.DOUBLE).toDoubleMatrix());
            double[][] g = new double[y.length][p[0].length];
            for (int i = 0; i < y.length; i++) {
                copyLoss -= k.count()[i] * Math.log(Math.max(p[i][y[i]], 1e-300)) / y.length;
                for (int j = 0; j < p[i].length; j++) {
                    g[i][j] = k.count()[i] * (p[i][j] - (j == y[i] ? 1 : 0)) / y.length;
                }
            }
            k.pass().backward(Nd4j.createFromArray(g).castTo(logits.dataType()));
        }
        if (!copies.isEmpty()) {
            step.diagnostic("valuation.copyLoss", copyLoss);
        }
        copies.clear();
    }

    static double[][] softmax(double[][] l) {
        double[][] p = new double[l.length][];
        for (int i = 0; i < l.length; i++) {
            p[i] = LogitRows.softmax(l[i]);
        }
        return p;
    }
}
