package redreg.regulators.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ConfigException;
import redreg.api.ForwardPass;
import redreg.api.LossControl;
import redreg.api.PassSpec;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.regulators.AgmConfig;

/**
 * AGM — Adaptive Gradient Modulation (Li et al., ICCV 2023), as the official CREMA-D code does it.
 *
 * <ol>
 * <li>Coalition logits v(S): the fused logits with only the modalities of S kept, the others' inputs zeroed
 *     (eval-mode passes that keep their graphs); v(M) is the step's own train-mode forward T, v(∅) = 0.</li>
 * <li>Shapley mono-modal responses φ_m = Σ_{S ⊆ M∖{m}} |S|!(M−|S|−1)!/M!·(v(S∪{m}) − v(S)); Σ_m φ_m = T.</li>
 * <li>Scores s_m = mean_i −log max(softmax(φ_m)_i[y_i], 1e-8); r_m = exp(M/(M−1)·(s̄ − s_m)) and r*_m the same on
 *     the running scores S̄ (cumulative means over the whole run, taken before this step's update).</li>
 * <li>c_m = exp(α·min(r*_m − r_m, clamp)) scales the gradient reaching φ_m. With loss CE(Σφ) = CE(T) and
 *     g = dCE/dT, the step's gradient is Σ_S κ_S·J_Sᵀg, κ_S = Σ_m c_m·(weight of v(S) in φ_m): the fused loss gets
 *     weight κ_M and every coalition pass is back-propagated with upstream κ_S·g.</li>
 * <li>Conditional clip: if an entry of the fusion gradients leaves [−1, 1], the global norm of encoder and fusion
 *     gradients is clipped to 1.</li>
 * </ol>
 * Any number of modalities: 2^M − 2 extra passes per step.
 */
final class Agm implements Regulator {
    static final double PROBABILITY_FLOOR = 1e-8;
    private final AgmConfig c;
    private List<String> modalities;
    private double[] runningScore;
    private double[] coefficient;
    private final List<ForwardPass> passes = new ArrayList<>();
    private final List<Double> upstreamScale = new ArrayList<>();

    Agm(AgmConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        if (ctx.modalities().size() < 2) {
            throw new ConfigException("regulator agm: needs at least 2 modalities, got " + ctx.modalities());
        }
        modalities = List.copyOf(ctx.modalities());
        runningScore = new double[modalities.size()];
        coefficient = new double[modalities.size()];
        java.util.Arrays.fill(coefficient, 1.0);
    }

    /** The running Shapley scores and the coefficients (the step's passes are rebuilt every step). */
    @Override
    public boolean saveState(PluginState state) {
        state.putDoubles("runningScore", runningScore).putDoubles("coefficient", coefficient);
        return true;
    }

    @Override
    public void restoreState(TrainingContext ctx, PluginState state) {
        modalities = List.copyOf(ctx.modalities());
        runningScore = state.doubles("runningScore");
        coefficient = state.doubles("coefficient");
    }

    private boolean inWindow(int epoch) {
        return epoch >= c.startEpoch() && (c.endEpoch() == null || epoch < c.endEpoch());
    }

    @Override
    public void shapeLoss(LossControl loss) {
        passes.clear();
        upstreamScale.clear();
        int mCount = modalities.size();
        int full = (1 << mCount) - 1;
        boolean window = inWindow(loss.epoch());
        // The code scores every step from the first (its running means count every iteration), so before the
        // window the passes still run, for the scores only: c_m = 1 there gives κ_S = 0, nothing to back-propagate.
        boolean beforeWindow = loss.epoch() < c.startEpoch();
        if (!window && !beforeWindow && !c.keepAfterWindow()) {
            return; // plain joint training: c_m = 1 gives κ_M = 1 and κ_S = 0 elsewhere
        }
        INDArray[] v = new INDArray[full + 1];
        v[full] = loss.fusedLogits().castTo(DataType.DOUBLE);
        ForwardPass[] pass = new ForwardPass[full + 1];
        for (int s = 1; s < full; s++) {
            PassSpec spec = c.evalPasses() ? PassSpec.eval() : PassSpec.train();
            spec = beforeWindow ? spec : spec.keep();
            for (int j = 0; j < mCount; j++) {
                if ((s & (1 << j)) == 0) {
                    spec = spec.zero(modalities.get(j));
                }
            }
            pass[s] = loss.pass(spec);
            v[s] = pass[s].fusedLogits().castTo(DataType.DOUBLE);
        }
        INDArray[] phi = shapley(v, mCount);
        int[] y = loss.labels();
        double[] score = new double[mCount];
        for (int j = 0; j < mCount; j++) {
            score[j] = score(phi[j], y);
            loss.diagnostic("agm.score." + modalities.get(j), score[j]);
        }
        long n = loss.globalStep() + 1;
        if (window) {
            double[] r = ratios(score);
            double[] rRunning = ratios(runningScore);
            for (int j = 0; j < mCount; j++) {
                coefficient[j] = Math.exp(c.alpha() * Math.min(rRunning[j] - r[j], c.clamp()));
            }
        }
        for (int j = 0; j < mCount; j++) {
            runningScore[j] = runningScore[j] * (n - 1) / n + score[j] / n;
            loss.diagnostic("agm.coef." + modalities.get(j), coefficient[j]);
        }
        double[] kappa = coalitionScales(coefficient);
        loss.setFusedWeight(kappa[full]);
        for (int s = 1; s < full; s++) {
            if (kappa[s] != 0) {
                passes.add(pass[s]);
                upstreamScale.add(kappa[s]);
            }
        }
    }

    @Override
    public void regulate(StepView step) {
        if (!passes.isEmpty()) {
            // g = dCE(T)/dT at the step's fused logits, batch-mean scale.
            INDArray g = step.fusedProbabilities().castTo(DataType.DOUBLE).dup();
            int[] y = step.labels();
            for (int i = 0; i < y.length; i++) {
                g.putScalar(i, y[i], g.getDouble(i, y[i]) - 1);
            }
            g.divi(y.length);
            for (int i = 0; i < passes.size(); i++) {
                passes.get(i).backward(g.mul(upstreamScale.get(i)).castTo(step.fusedLogits().dataType()));
            }
            passes.clear();
        }
        if (c.clip()) {
            clip(step);
        }
    }

    /** torch's clip_grad_norm_(·, clipNorm), applied only when a fusion gradient entry leaves [−clipAt, clipAt]. */
    private void clip(StepView step) {
        Map<String, INDArray> fusion = step.fusionGradients();
        boolean large = fusion.values().stream().anyMatch(g -> g.amaxNumber().doubleValue() > c.clipAt());
        step.diagnostic("agm.clipped", large ? 1 : 0);
        if (!large) {
            return;
        }
        List<INDArray> all = new ArrayList<>(fusion.values());
        step.modalities().forEach(m -> all.addAll(step.modality(m).gradients().values()));
        double sq = 0;
        for (INDArray g : all) {
            double norm = g.castTo(DataType.DOUBLE).norm2Number().doubleValue();
            sq += norm * norm;
        }
        double scale = c.clipNorm() / (Math.sqrt(sq) + 1e-6);
        if (scale < 1) {
            all.forEach(g -> g.muli(scale));
        }
    }

    /** r_m = exp(M/(M−1)·(mean(s) − s_m)). */
    static double[] ratios(double[] s) {
        int m = s.length;
        double mean = java.util.Arrays.stream(s).average().orElse(0);
        double[] r = new double[m];
        for (int j = 0; j < m; j++) {
            r[j] = Math.exp((double) m / (m - 1) * (mean - s[j]));
        }
        return r;
    }

    /** mean_i −log max(softmax(φ)_i[y_i], 1e-8). */
    static double score(INDArray phi, int[] y) {
        double[][] a = phi.toDoubleMatrix();
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double max = java.util.Arrays.stream(a[i]).max().orElse(0);
            double norm = 0;
            for (double x : a[i]) {
                norm += Math.exp(x - max);
            }
            double p = Math.exp(a[i][y[i]] - max) / norm;
            s += -Math.log(Math.max(p, PROBABILITY_FLOOR));
        }
        return s / y.length;
    }

    /** Shapley weight |S|!(M−|S|−1)!/M! of a coalition of size {@code size} not holding the player. */
    static double shapleyWeight(int size, int m) {
        return factorial(size) * factorial(m - size - 1) / factorial(m);
    }

    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    /** φ_m from coalition values v[S] (S a bitmask over the modalities, v[0] unused and taken as 0). */
    static INDArray[] shapley(INDArray[] v, int m) {
        INDArray[] phi = new INDArray[m];
        for (int j = 0; j < m; j++) {
            phi[j] = Nd4j.zeros(DataType.DOUBLE, v[v.length - 1].shape());
            for (int s = 0; s < v.length; s++) {
                if ((s & (1 << j)) != 0) {
                    continue;
                }
                double w = shapleyWeight(Integer.bitCount(s), m);
                phi[j].addi(v[s | (1 << j)].mul(w));
                if (s != 0) {
                    phi[j].subi(v[s].mul(w));
                }
            }
        }
        return phi;
    }

    /** κ_S = Σ_m c_m·(weight of v(S) in φ_m): +w(|S|−1) when m ∈ S, −w(|S|) when m ∉ S. */
    static double[] coalitionScales(double[] coefficient) {
        int m = coefficient.length;
        double[] kappa = new double[1 << m];
        for (int s = 1; s < kappa.length; s++) {
            for (int j = 0; j < m; j++) {
                boolean in = (s & (1 << j)) != 0;
                kappa[s] += coefficient[j] * (in ? shapleyWeight(Integer.bitCount(s) - 1, m)
                        : -shapleyWeight(Integer.bitCount(s), m));
            }
        }
        return kappa;
    }
}
