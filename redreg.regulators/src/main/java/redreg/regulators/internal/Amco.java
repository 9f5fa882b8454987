package redreg.regulators.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.LossControl;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.regulators.AmcoConfig;

/**
 * AMCo — adaptive mask co-optimization (Zhou et al.), as BalanceBenchmark's {@code AMCo_trainer.py} and its AMCo
 * model compute it (no official code of the paper was found). The modality the model depends on has a growing share
 * of its feature entries masked in the fused forward, so the fusion has to use the others.
 *
 * <ol>
 * <li>Each epoch starts with l_t = 0 and no modality dependent; every step, p_t = sin(π/2·min(ε, l_t)/ε), then
 *     l_t += epoch/10 (epoch 0 never masks; later epochs reach p_t = 1 within a few steps).</li>
 * <li>The first dependent modality m (in modality order) gets a mask of N = ⌊p_t·d_m⌋ zeros at random entries (one
 *     mask for the whole batch), times 1/(1 − p_t) — 10 when |p_t − 1| ≤ 0.1: the fused head sees z_m ⊙ mask.</li>
 * <li>loss = CE(fused) + Σ_m CE(head_m).</li>
 * <li>After the step: with P the softmax over all heads' concatenated logits [B, M·K], s_m = (1/B)·Σ_i Σ_{k ∈ m} P_ik;
 *     the first modality with s_m ≥ σ becomes dependent for the rest of the epoch (flags only ever turn on).</li>
 * </ol>
 */
final class Amco implements Regulator {
    private final AmcoConfig c;
    private Random random;
    private final Set<String> dependent = new LinkedHashSet<>();
    private int epoch = -1;
    private double lt;

    Amco(AmcoConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        random = new Random(ctx.seed("amco"));
    }

    /** The mask stream; l_t and the dependence flags start again every epoch (as in the trainer's loop). */
    @Override
    public boolean saveState(PluginState state) {
        state.putRandom("mask", random);
        return true;
    }

    @Override
    public void restoreState(TrainingContext ctx, PluginState state) {
        random = state.random("mask");
    }

    @Override
    public void shapeLoss(LossControl loss) {
        if (loss.epoch() != epoch) {
            epoch = loss.epoch();
            lt = 0;
            dependent.clear();
        }
        List<String> mods = loss.modalities();
        loss.setFusedWeight(1.0);
        mods.forEach(m -> loss.setUnimodalWeight(m, c.unimodalWeight()));
        double pt = maskRatio(lt, c.eps());
        lt += epoch / 10.0;
        loss.diagnostic("amco.pt", pt);
        String masked = mods.stream().filter(dependent::contains).findFirst().orElse(null);
        loss.diagnostic("amco.masked", masked == null ? -1 : mods.indexOf(masked));
        if (masked != null) {
            INDArray z = loss.modality(masked).features();
            double[] mask = mask((int) z.size(1), pt, random);
            double[][] rows = new double[loss.batchSize()][];
            java.util.Arrays.fill(rows, mask);
            loss.scaleFeatures(masked, Nd4j.createFromArray(rows).castTo(z.dataType()));
        }
        List<double[][]> logits = new ArrayList<>();
        for (String m : mods) {
            logits.add(loss.modality(m).logits().castTo(DataType.DOUBLE).toDoubleMatrix());
        }
        double[] shares = shares(logits);
        for (int m = 0; m < mods.size(); m++) {
            loss.diagnostic("amco.share." + mods.get(m), shares[m]);
        }
        for (int m = 0; m < mods.size(); m++) {
            if (shares[m] >= c.sigma()) {
                dependent.add(mods.get(m));
                break;
            }
        }
    }

    @Override
    public void regulate(StepView step) {
        // AMCo acts on the forward and the loss only.
    }

    /** p_t = sin(π/2·min(ε, l_t)/ε). */
    static double maskRatio(double lt, double eps) {
        return Math.sin(Math.PI / 2 * (Math.min(eps, lt) / eps));
    }

    /**
     * ⌊p_t·d⌋ zeros at entries chosen by a Fisher–Yates shuffle (j = ⌊u·(i + 1)⌋ for i = d−1 … 1), the kept entries
     * scaled by 1/(1 − p_t), or 10 when p_t is within 0.1 of 1 (the trainer's guard against dividing by ~0).
     */
    static double[] mask(int d, double pt, Random random) {
        int zeros = (int) (pt * d);
        double keep = Math.abs(pt - 1) > 0.1 ? 1 / (1 - pt) : 10;
        double[] m = new double[d];
        for (int j = 0; j < d; j++) {
            m[j] = j < d - zeros ? keep : 0;
        }
        for (int i = d - 1; i > 0; i--) {
            int j = (int) (random.nextDouble() * (i + 1));
            double t = m[i];
            m[i] = m[j];
            m[j] = t;
        }
        return m;
    }

    /** s_m: the batch mean of modality m's block of the softmax over all heads' concatenated logits. */
    static double[] shares(List<double[][]> logits) {
        int n = logits.get(0).length;
        int k = logits.get(0)[0].length;
        double[] s = new double[logits.size()];
        for (int i = 0; i < n; i++) {
            double[] row = new double[k * logits.size()];
            for (int m = 0; m < logits.size(); m++) {
                System.arraycopy(logits.get(m)[i], 0, row, m * k, k);
            }
            double[] p = LogitRows.softmax(row);
            for (int m = 0; m < logits.size(); m++) {
                for (int j = 0; j < k; j++) {
                    s[m] += p[m * k + j] / n;
                }
            }
        }
        return s;
    }
}
