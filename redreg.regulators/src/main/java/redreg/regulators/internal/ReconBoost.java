package redreg.regulators.internal;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.LossControl;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.regulators.ReconBoostConfig;

/**
 * ReconBoost (Hua et al., ICML 2024) on the engine's modality heads as the weak learners, ensemble F = Σ_m l_m.
 * Training is a cycle of stages, by epoch:
 *
 * <ol>
 * <li><b>Boosting</b> ({@code boostEpochs}): one modality m learns alone (modalities take turns, stage by stage). With
 *     p = softmax(l_m), q = softmax(Σ_{o≠m} l_o)[y] the other modalities' ensemble on the true class (held fixed), the
 *     loss is (1/B)·Σ_i (1/K)·(w1 − w2·q_i)·(−log p_i[y]) — the official {@code boosting_loss}: the reconcilement
 *     with the ensemble lowers the weight of the samples it already gets right — plus the consolidation term
 *     α·mean over the others o of MSE(p, softmax(l_o)) (the official {@code ga_loss}; with {@code alphaGradient}
 *     false it is only reported, as the official code detaches both sides).</li>
 * <li><b>Global rectification</b> ({@code rectifyEpochs}): CE(softmax(Σ_m l_m), y), every modality learning.</li>
 * </ol>
 * The fused head is detached throughout (it learns, but sends nothing into the encoders); the test-time prediction is
 * the ensemble Σ_m l_m. Both losses act on the heads' logits ({@link LossControl#addLogitTerm}).
 */
final class ReconBoost implements Regulator {
    private final ReconBoostConfig c;

    ReconBoost(ReconBoostConfig config) {
        this.c = config;
    }

    /** The schedule is a function of the epoch: nothing to save, resumable. */
    @Override
    public boolean saveState(PluginState state) {
        return true;
    }

    /** The modality learning in {@code epoch}, or null in a rectification epoch. */
    String learner(List<String> modalities, int epoch) {
        int cycle = c.boostEpochs() + c.rectifyEpochs();
        if (epoch % cycle >= c.boostEpochs()) {
            return null;
        }
        return modalities.get((epoch / cycle) % modalities.size());
    }

    @Override
    public void shapeLoss(LossControl loss) {
        List<String> mods = loss.modalities();
        loss.setFusedWeight(0.0);
        mods.forEach(m -> loss.setUnimodalWeight(m, 0.0));
        int[] y = loss.labels();
        DataType type = loss.fusedLogits().dataType();
        String m = learner(mods, loss.epoch());
        loss.diagnostic("reconboost.boosting", m == null ? 0 : 1);
        if (m == null) {
            double[][] ensemble = sum(loss, mods);
            double[][] g = new double[y.length][];
            double value = 0;
            for (int i = 0; i < y.length; i++) {
                double[] p = LogitRows.softmax(ensemble[i]);
                value -= Math.log(Math.max(p[y[i]], Mbsd.EPS)) / y.length;
                g[i] = crossEntropyGradient(p, y[i], 1.0 / y.length);
            }
            INDArray grad = Nd4j.createFromArray(g).castTo(type);
            Map<String, INDArray> grads = new java.util.LinkedHashMap<>();
            mods.forEach(o -> grads.put(o, grad));
            loss.addLogitTerm("reconboost.ensemble", value, grads);
            return;
        }
        List<String> others = mods.stream().filter(o -> !o.equals(m)).toList();
        double[][] l = logits(loss, m);
        double[][] rest = sum(loss, others);
        int n = y.length;
        int k = l[0].length;
        double boost = 0;
        double ga = 0;
        double[][] gBoost = new double[n][];
        double[][] gGa = new double[n][k];
        for (int i = 0; i < n; i++) {
            double[] p = LogitRows.softmax(l[i]);
            double w = (c.weight1() - c.weight2() * LogitRows.softmax(rest[i])[y[i]]) / k;
            boost -= w * Math.log(Math.max(p[y[i]], Mbsd.EPS)) / n;
            gBoost[i] = crossEntropyGradient(p, y[i], w / n);
        }
        for (String o : others) {
            double[][] lo = logits(loss, o);
            double scale = c.alpha() / ((double) n * k * others.size());
            for (int i = 0; i < n; i++) {
                double[] p = LogitRows.softmax(l[i]);
                double[] po = LogitRows.softmax(lo[i]);
                double[] d = new double[k];
                for (int j = 0; j < k; j++) {
                    ga += scale * (p[j] - po[j]) * (p[j] - po[j]);
                    d[j] = 2 * scale * (p[j] - po[j]);
                }
                addSoftmaxBackward(gGa[i], p, d);
            }
        }
        loss.addLogitTerm("reconboost.boost", boost, Map.of(m, Nd4j.createFromArray(gBoost).castTo(type)));
        if (others.isEmpty() || c.alpha() == 0) {
            return;
        }
        if (c.alphaGradient()) {
            loss.addLogitTerm("reconboost.ga", ga, Map.of(m, Nd4j.createFromArray(gGa).castTo(type)));
        } else {
            loss.diagnostic("reconboost.ga", ga);
        }
    }

    @Override
    public void regulate(StepView step) {
        // ReconBoost acts on the loss only.
    }

    /** ReconBoost predicts with the ensemble of the modality learners. */
    @Override
    public INDArray evaluationLogits(INDArray fused, Map<String, INDArray> heads) {
        INDArray sum = Nd4j.zerosLike(fused);
        heads.values().forEach(sum::addi);
        return sum;
    }

    /** d/dl of s·(−log softmax(l)[y]) = s·(p − onehot(y)). */
    private static double[] crossEntropyGradient(double[] p, int y, double s) {
        double[] g = new double[p.length];
        for (int j = 0; j < p.length; j++) {
            g[j] = s * (p[j] - (j == y ? 1 : 0));
        }
        return g;
    }

    /** into += Jᵀ·d for the softmax Jacobian J at p: p_j·(d_j − Σ_k p_k·d_k). */
    private static void addSoftmaxBackward(double[] into, double[] p, double[] d) {
        double dot = 0;
        for (int j = 0; j < p.length; j++) {
            dot += p[j] * d[j];
        }
        for (int j = 0; j < p.length; j++) {
            into[j] += p[j] * (d[j] - dot);
        }
    }

    private static double[][] logits(LossControl loss, String m) {
        return loss.modality(m).logits().castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** Σ of the given heads' logits, [B, K] (zeros for none: the empty ensemble). */
    private static double[][] sum(LossControl loss, List<String> heads) {
        double[][] out = new double[loss.batchSize()][loss.numClasses()];
        for (String h : heads) {
            double[][] l = logits(loss, h);
            for (int i = 0; i < out.length; i++) {
                for (int j = 0; j < out[i].length; j++) {
                    out[i][j] += l[i][j];
                }
            }
        }
        return out;
    }
}
