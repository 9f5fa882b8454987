package redreg.regulators.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ConfigException;
import redreg.api.DataPart;
import redreg.api.FeatureSet;
import redreg.api.LossControl;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.regulators.PmrConfig;

/**
 * PMR — Prototypical Modal Rebalance (Fan et al., CVPR 2023), as the official main_Prototype_grad.py does it.
 *
 * <ol>
 * <li>Prototypes: c_m[k] = mean of the pooled features z_m over the training samples of class k, from an eval-mode,
 *     no-grad pass over a tenth of the training part; recomputed between epochs and blended
 *     c ← (1 − μ)·c_new + μ·c_old. Constants inside the loss.</li>
 * <li>Prototype logits p_m[i, k] = −‖z_m,i − c_m[k]‖₂ (train-mode features of the step).</li>
 * <li>Scores S_m = Σ_i softmax(p_m)_i[y_i], ρ = S_a / S_v.</li>
 * <li>Binary switch: ρ &gt; 1 → β_a = 0, β_v = α; ρ &lt; 1 → β_a = α, β_v = 0; ρ = 1 → both 0.</li>
 * <li>Loss = CE(fused) + β_a·CE(p_a) + β_v·CE(p_v), inside the modulation epochs; gradients are not touched.</li>
 * </ol>
 * M ≥ 3 (the official code has two modalities only): each modality against the mean of the others,
 * ρ_m = S_m / mean_{j≠m} S_j, and β_m = α where ρ_m &lt; 1. With two modalities this is the rule above exactly
 * (ρ_a &lt; 1 ⇔ ρ &lt; 1, ρ_v &lt; 1 ⇔ ρ &gt; 1).
 */
final class Pmr implements Regulator {
    static final double EPS = 1e-12;
    private final PmrConfig c;
    private final Map<String, INDArray> prototypes = new HashMap<>();

    Pmr(PmrConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        if (ctx.modalities().size() < 2) {
            throw new ConfigException("regulator pmr: needs at least 2 modalities (it compares their scores), got "
                    + ctx.modalities().size() + ": " + ctx.modalities());
        }
    }

    /** Before epoch 0: the first prototypes; before every later epoch: the momentum update of the code's epoch end. */
    @Override
    public void onEpochStart(TrainingContext ctx) {
        FeatureSet sample = ctx.features(DataPart.TRAIN, c.fraction(), "pmr");
        FeatureSet whole = null;
        for (String m : ctx.modalities()) {
            INDArray old = prototypes.get(m);
            double[][] fresh = classMeans(sample.features().get(m), sample.labels(), ctx.numClasses());
            for (int k = 0; k < fresh.length; k++) {
                if (fresh[k] == null) {
                    // A class absent from the sample keeps its prototype (the code would divide by zero).
                    if (old == null && whole == null) {
                        whole = ctx.features(DataPart.TRAIN, 1.0, "pmr.all");
                    }
                    fresh[k] = old != null ? old.getRow(k).toDoubleVector()
                            : classMeans(whole.features().get(m), whole.labels(), ctx.numClasses())[k];
                }
                if (fresh[k] == null) {
                    throw new ConfigException("regulator pmr: class " + k + " has no training sample");
                }
            }
            INDArray now = Nd4j.createFromArray(fresh);
            prototypes.put(m, old == null ? now : now.muli(1 - c.momentum()).addi(old.mul(c.momentum())));
        }
    }

    /** The prototypes (momentum averages over epochs). */
    @Override
    public boolean saveState(PluginState state) {
        state.putArrays("prototypes", prototypes);
        return true;
    }

    @Override
    public void restoreState(TrainingContext ctx, PluginState state) {
        prototypes.putAll(state.arrays("prototypes"));
    }

    /** The prototypes of a modality, [K, d] (a copy). */
    INDArray prototypes(String modality) {
        return prototypes.get(modality).dup();
    }

    /** Mean feature row per class; null for a class with no row. */
    static double[][] classMeans(INDArray features, int[] labels, int classes) {
        double[][] z = features.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] sum = new double[classes][];
        int[] count = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            if (sum[labels[i]] == null) {
                sum[labels[i]] = new double[z[i].length];
            }
            for (int j = 0; j < z[i].length; j++) {
                sum[labels[i]][j] += z[i][j];
            }
            count[labels[i]]++;
        }
        for (int k = 0; k < classes; k++) {
            if (sum[k] != null) {
                for (int j = 0; j < sum[k].length; j++) {
                    sum[k][j] /= count[k];
                }
            }
        }
        return sum;
    }

    @Override
    public void shapeLoss(LossControl loss) {
        if (loss.epoch() < c.startEpoch() || loss.epoch() >= c.endEpoch()) {
            return;
        }
        List<String> mods = loss.modalities();
        int[] y = loss.labels();
        Map<String, PrototypeLoss> pl = new HashMap<>();
        for (String m : mods) {
            pl.put(m, new PrototypeLoss(loss.modality(m).features(), prototypes.get(m), y));
            loss.diagnostic("pmr.score." + m, pl.get(m).score);
        }
        Map<String, Double> ratios = ratios(mods, pl);
        if (mods.size() == 2) {
            loss.diagnostic("pmr.ratio", pl.get(mods.get(0)).score / Math.max(pl.get(mods.get(1)).score, EPS));
        } else {
            ratios.forEach((m, r) -> loss.diagnostic("pmr.ratio." + m, r));
        }
        for (String m : mods) {
            // The switch boosts the modalities behind the others only.
            double beta = ratios.get(m) < 1 ? c.alpha() : 0;
            loss.diagnostic("pmr.beta." + m, beta);
            if (beta > 0) {
                PrototypeLoss p = pl.get(m);
                INDArray z = loss.modality(m).features();
                loss.addTerm("pmr." + m, beta * p.crossEntropy,
                        Map.of(m, Nd4j.createFromArray(p.gradient).muli(beta).castTo(z.dataType())));
            }
        }
    }

    /** ρ_m = S_m / mean of the other modalities' scores (two modalities: S_a/S_v and S_v/S_a). */
    static Map<String, Double> ratios(List<String> mods, Map<String, PrototypeLoss> pl) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String m : mods) {
            // Summed over the others directly (not total − S_m), so that two modalities give S_a/S_v bit for bit.
            double others = 0;
            for (String j : mods) {
                others += j.equals(m) ? 0 : pl.get(j).score;
            }
            out.put(m, pl.get(m).score / Math.max(others / (mods.size() - 1), EPS));
        }
        return out;
    }

    @Override
    public void regulate(StepView step) {
        // PMR acts on the loss only.
    }

    /** CE of softmax(−‖z − c_k‖) over a batch, its score Σ_i softmax[y_i] and d CE / d z (batch mean). */
    static final class PrototypeLoss {
        final double score;
        final double crossEntropy;
        final double[][] gradient;

        PrototypeLoss(INDArray features, INDArray prototypes, int[] y) {
            double[][] z = features.castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] proto = prototypes.castTo(DataType.DOUBLE).toDoubleMatrix();
            int n = z.length;
            int classes = proto.length;
            double s = 0;
            double ce = 0;
            gradient = new double[n][z[0].length];
            for (int i = 0; i < n; i++) {
                double[] dist = new double[classes];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    double d2 = 0;
                    for (int j = 0; j < z[i].length; j++) {
                        double d = z[i][j] - proto[k][j];
                        d2 += d * d;
                    }
                    dist[k] = Math.sqrt(d2);
                    max = Math.max(max, -dist[k]);
                }
                double norm = 0;
                double[] q = new double[classes];
                for (int k = 0; k < classes; k++) {
                    q[k] = Math.exp(-dist[k] - max);
                    norm += q[k];
                }
                for (int k = 0; k < classes; k++) {
                    q[k] /= norm;
                }
                s += q[y[i]];
                ce -= (-dist[y[i]] - max - Math.log(norm)) / n;
                // dCE/dp_k = (q_k − 1[k = y]) / n and dp_k/dz = −(z − c_k) / ‖z − c_k‖.
                for (int k = 0; k < classes; k++) {
                    double dp = (q[k] - (k == y[i] ? 1 : 0)) / n;
                    double scale = -dp / Math.max(dist[k], EPS);
                    for (int j = 0; j < z[i].length; j++) {
                        gradient[i][j] += scale * (z[i][j] - proto[k][j]);
                    }
                }
            }
            score = s;
            crossEntropy = ce;
        }
    }
}
