package redreg.regulators.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ConfigException;
import redreg.api.LossControl;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.regulators.LfmConfig;

/**
 * LFM (Yang et al., NeurIPS 2024) with its heuristic schedule: the supervised objective (fused cross-entropy) and the
 * unsupervised one that closes the modality gap (an alignment of the modalities' softmax-normalised outputs) are
 * mixed with a weight that moves from alignment to classification as training goes on:
 *
 * <pre>
 *   α(e) = clip(exp(−a·e), min, max)
 *   loss = (1 − α)·CE(fused) + α·mean over pairs (a, b) of JS(softmax u_a, softmax u_b)
 *   JS(p, q) = ½·[KL(m‖p) + KL(m‖q)],  m = (p + q)/2,  batch mean
 * </pre>
 * u_m are the heads' logits ({@code alignOn: logits}) or the encoders' features ({@code features}). JS is written as
 * the code computes it: {@code F.kl_div(p.log(), m)} is KL(m‖p).
 */
final class Lfm implements Regulator {
    private final LfmConfig c;

    Lfm(LfmConfig config) {
        this.c = config;
    }

    /** The mix is a function of the epoch: nothing to save, resumable. */
    @Override
    public boolean saveState(PluginState state) {
        return true;
    }

    double alignmentWeight(int epoch) {
        return Math.min(c.maxWeight(), Math.max(c.minWeight(), Math.exp(-c.decay() * epoch)));
    }

    @Override
    public void shapeLoss(LossControl loss) {
        double alpha = alignmentWeight(loss.epoch());
        loss.setFusedWeight(1 - alpha);
        loss.diagnostic("lfm.alpha", alpha);
        List<String> mods = loss.modalities();
        if (mods.size() < 2 || alpha == 0) {
            return;
        }
        boolean onFeatures = c.alignOn().equals("features");
        Map<String, double[][]> u = new HashMap<>();
        Map<String, double[][]> g = new HashMap<>();
        for (String m : mods) {
            INDArray a = onFeatures ? loss.modality(m).features() : loss.modality(m).logits();
            u.put(m, a.castTo(DataType.DOUBLE).toDoubleMatrix());
            g.put(m, new double[(int) a.size(0)][(int) a.size(1)]);
        }
        int pairs = mods.size() * (mods.size() - 1) / 2;
        double scale = alpha / ((double) loss.batchSize() * pairs);
        double value = 0;
        for (int i = 0; i < mods.size(); i++) {
            for (int j = i + 1; j < mods.size(); j++) {
                String a = mods.get(i);
                String b = mods.get(j);
                if (u.get(a)[0].length != u.get(b)[0].length) {
                    throw new ConfigException("regulator lfm: alignOn features needs equal feature sizes, got "
                            + u.get(a)[0].length + " (" + a + ") and " + u.get(b)[0].length + " (" + b
                            + "); set alignOn: logits or equal model featureSize");
                }
                value += js(u.get(a), u.get(b), scale, g.get(a), g.get(b));
            }
        }
        DataType type = loss.fusedLogits().dataType();
        Map<String, INDArray> grads = new HashMap<>();
        g.forEach((m, a) -> grads.put(m, Nd4j.createFromArray(a).castTo(type)));
        if (onFeatures) {
            loss.addTerm("lfm.align", value, grads);
        } else {
            loss.addLogitTerm("lfm.align", value, grads);
        }
    }

    @Override
    public void regulate(StepView step) {
        // LFM acts on the loss only.
    }

    /**
     * scale·Σ_i JS(softmax a_i, softmax b_i); adds its gradients w.r.t. a and b into ga, gb. With m = (p + q)/2,
     * ∂JS/∂p_k = ½(log m_k + 1) − ¼(log p_k + log q_k) − ½·m_k/p_k (and likewise for q), then the softmax Jacobian.
     */
    static double js(double[][] a, double[][] b, double scale, double[][] ga, double[][] gb) {
        double value = 0;
        for (int i = 0; i < a.length; i++) {
            double[] p = LogitRows.softmax(a[i]);
            double[] q = LogitRows.softmax(b[i]);
            int k = p.length;
            double[] dp = new double[k];
            double[] dq = new double[k];
            for (int j = 0; j < k; j++) {
                double m = 0.5 * (p[j] + q[j]);
                double lm = Math.log(m);
                double lp = Math.log(Math.max(p[j], Mbsd.EPS));
                double lq = Math.log(Math.max(q[j], Mbsd.EPS));
                value += scale * 0.5 * (m * (lm - lp) + m * (lm - lq));
                dp[j] = scale * (0.5 * (lm + 1) - 0.25 * (lp + lq) - 0.5 * m / p[j]);
                dq[j] = scale * (0.5 * (lm + 1) - 0.25 * (lp + lq) - 0.5 * m / q[j]);
            }
            LogitRows.addSoftmaxBackward(ga[i], p, dp);
            LogitRows.addSoftmaxBackward(gb[i], q, dq);
        }
        return value;
    }
}
