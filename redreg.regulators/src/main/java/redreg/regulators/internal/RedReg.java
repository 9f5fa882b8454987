package redreg.regulators.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.BatchControl;
import redreg.api.ModalityStep;
import redreg.api.Regulator;
import redreg.api.PluginState;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.api.signals.Gradients;
import redreg.api.signals.GrowthRate;
import redreg.api.signals.Probes;
import redreg.regulators.RedRegConfig;
import redreg.regulators.RedRegConfig.Resolved;

/**
 * RedReg — Adaptive Redundancy Regulation (Yang et al., Section III-B).
 *
 * <ol>
 * <li>Redundant-phase monitor: p_m (Eq. 14), its sliding mean over L steps (Eq. 15), the growth rate S_m
 *     (Eq. 16), the redundancy score red_m from two noisy copies of the input (Eqs. 17–20), and
 *     r_m = red_m − γ·max(S_m, 0) (Eq. 21).</li>
 * <li>Co-information gate: mean paired cosine of the dominant modality's pooled features with each other
 *     modality's (Eq. 23; with more than two modalities, the mean over the other modalities), against
 *     τ(t) = τ_min + (t/T)(τ_max − τ_min) (Eq. 24); gate = dominant ∧ r_m &gt; R ∧ sim ≥ τ (Eq. 25).</li>
 * <li>Orthogonal suppression: d_m = w_m − w_m^(g) (Eq. 27) projected on the orthogonal complement of the task
 *     gradient g_m (Eqs. 28–29), g̃_m = g_m + β·gate·d_⊥ (Eq. 30), so that ⟨g̃_m, g_m⟩ = ‖g_m‖² (Eq. 31).</li>
 * </ol>
 * The dominant modality is the one with the highest p_m. Only its encoder's gradients are rewritten.
 */
final class RedReg implements Regulator {
    static final double EPS = 1e-12;
    private final Resolved c;
    private final Map<String, GrowthRate> growth = new HashMap<>();
    private final Map<String, Double> redundancyEma = new HashMap<>();
    private final Map<String, Map<String, INDArray>> anchors = new HashMap<>();
    private Random probeNoise;
    private Random dropout;

    RedReg(RedRegConfig config) {
        this.c = config.resolve();
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        probeNoise = new Random(ctx.seed("redreg.probeNoise"));
        dropout = new Random(ctx.seed("redreg.dropout"));
        for (String m : ctx.modalities()) {
            growth.put(m, new GrowthRate(c.window(), EPS, c.growthWhileFilling()));
            anchors.put(m, Gradients.copy(ctx.parameters(m)));
        }
    }

    @Override
    public void onEpochStart(TrainingContext ctx) {
        redundancyEma.clear();
        if (c.windowPerEpoch()) {
            growth.values().forEach(GrowthRate::reset);
        }
        if (c.anchor() == RedRegConfig.Anchor.EPOCH_START) {
            ctx.modalities().forEach(m -> anchors.put(m, Gradients.copy(ctx.parameters(m))));
        }
    }

    /** The monitor's windows, the anchors, the redundancy averages and both noise streams. */
    @Override
    public boolean saveState(PluginState s) {
        s.putRandom("probeNoise", probeNoise).putRandom("dropout", dropout);
        growth.forEach((m, g) -> g.save(s.child("growth").child(m)));
        anchors.forEach((m, a) -> s.child("anchors").putArrays(m, a));
        redundancyEma.forEach((m, v) -> s.child("redundancyEma").putDouble(m, v));
        return true;
    }

    @Override
    public void restoreState(TrainingContext ctx, PluginState s) {
        probeNoise = s.random("probeNoise");
        dropout = s.random("dropout");
        for (String m : ctx.modalities()) {
            GrowthRate g = new GrowthRate(c.window(), EPS, c.growthWhileFilling());
            g.restore(s.getChild("growth").getChild(m));
            growth.put(m, g);
            anchors.put(m, s.getChild("anchors").arrays(m));
        }
        PluginState ema = s.child("redundancyEma");
        ema.keys().forEach(m -> redundancyEma.put(m, ema.getDouble(m)));
    }

    /** Modality dropout of the reference code: p falls from dropoutStart to dropoutEnd over the first epochs. */
    @Override
    public void beforeStep(BatchControl batch) {
        double phase = c.dropoutFraction() * batch.epochs();
        if (c.dropoutStart() <= 0 || batch.epoch() >= phase) {
            return;
        }
        double p = c.dropoutStart() + (c.dropoutEnd() - c.dropoutStart()) * batch.epoch() / phase;
        List<String> modalities = batch.modalities();
        int n = batch.labels().length;
        for (int i = 0; i < n; i++) {
            if (dropout.nextDouble() < p) {
                INDArray x = batch.input(modalities.get(dropout.nextInt(modalities.size())));
                x.slice(i).assign(0);
            }
        }
    }

    @Override
    public void regulate(StepView step) {
        List<String> modalities = step.modalities();
        // Eq. 14–16: effective-gain growth rate per modality.
        Map<String, Double> p = new HashMap<>();
        Map<String, Double> s = new HashMap<>();
        String dominant = modalities.get(0);
        for (String m : modalities) {
            p.put(m, Probes.meanTrueClass(step.modality(m)));
            s.put(m, growth.get(m).add(p.get(m)));
            step.diagnostic("redreg.p." + m, p.get(m));
            step.diagnostic("redreg.S." + m, s.get(m));
            if (p.get(m) > p.get(dominant)) {
                dominant = m;
            }
        }
        ModalityStep dom = step.modality(dominant);
        step.diagnostic("redreg.dominant", modalities.indexOf(dominant));

        // Eq. 17–21: redundant-phase monitor for the dominant modality.
        boolean redundant = true;
        if (c.monitor()) {
            double red = Probes.redundancy(dom, c.sigma(), EPS, c.probeEvalMode(), c.redundancyMeans(), probeNoise);
            if (c.normalizeRedundancy()) {
                double ema = redundancyEma.containsKey(dominant)
                        ? c.redundancyEma() * redundancyEma.get(dominant) + (1 - c.redundancyEma()) * red : red;
                redundancyEma.put(dominant, ema);
                red = red / (ema + EPS);
            }
            double r = red - c.gamma() * Math.max(s.get(dominant), 0);
            step.diagnostic("redreg.red", red);
            step.diagnostic("redreg.r", r);
            redundant = r > c.threshold();
        }

        // Eq. 22–24: co-information gate.
        boolean shared = true;
        if (c.gate()) {
            double sim = 0;
            for (String m : modalities) {
                if (!m.equals(dominant)) {
                    sim += cosine(dom, step.modality(m));
                }
            }
            sim /= modalities.size() - 1;
            double tau = c.tauMin() + schedule(step) * (c.tauMax() - c.tauMin());
            step.diagnostic("redreg.sim", sim);
            step.diagnostic("redreg.tau", tau);
            shared = sim >= tau;
        }

        // Eq. 25: gate; Algorithm 1 leaves the first epochs alone.
        boolean open = step.epoch() >= c.warmupEpochs() && redundant && shared;
        step.diagnostic("redreg.gate", open ? 1 : 0);
        double beta = 0;
        if (open) {
            beta = coefficient(p, dominant);
            suppress(dom, beta);
        }
        step.diagnostic("redreg.beta", beta);
        if (c.anchor() == RedRegConfig.Anchor.EMA) {
            updateAnchors(step);
        }
    }

    private static double cosine(ModalityStep a, ModalityStep b) {
        try {
            return Probes.pairedCosine(a.features(), b.features());
        } catch (IllegalArgumentException e) {
            throw new redreg.api.ConfigException("regulator.gate: the co-information gate compares features of equal size, but '"
                    + a.name() + "' has " + a.features().size(1) + " and '" + b.name() + "' has " + b.features().size(1)
                    + "; set one model.encoder.featureSize or gate: false");
        }
    }

    private double schedule(StepView step) {
        return c.tauSchedule() == RedRegConfig.TauSchedule.EPOCH
                ? (step.epochs() > 1 ? (double) step.epoch() / (step.epochs() - 1) : 0)
                : step.progress();
    }

    /** β of Eq. 30, or the reference code's exp(β·tanh(p_dom − p_others)). */
    private double coefficient(Map<String, Double> p, String dominant) {
        if (c.betaMode() == RedRegConfig.BetaMode.CONSTANT) {
            return c.beta();
        }
        double others = 0;
        for (var e : p.entrySet()) {
            if (!e.getKey().equals(dominant)) {
                others += e.getValue();
            }
        }
        others /= p.size() - 1;
        return Math.exp(c.beta() * Math.tanh(p.get(dominant) - others));
    }

    /** Eq. 27–30: g̃ = g + β·P⊥(g)(w − w_anchor), written into the live gradients. */
    private void suppress(ModalityStep m, double beta) {
        Map<String, INDArray> d = Gradients.difference(m.parameters(), anchors.get(m.name()));
        Map<String, INDArray> g = c.projectOn() == RedRegConfig.ProjectOn.FUSED
                ? m.fusedLossGradients() : Gradients.copy(m.gradients());
        Map<String, INDArray> dPerp = c.projection() == RedRegConfig.Projection.WHOLE
                ? Gradients.projectOutWhole(d, g, EPS) : Gradients.projectOutPerTensor(d, g, EPS);
        m.gradients().forEach((k, grad) -> grad.addi(dPerp.get(k).muli(beta)));
    }

    /** The slowly updated anchor: w_g ← (1 − ρ)·w_g + ρ·w. */
    private void updateAnchors(StepView step) {
        double rate = c.anchorRate();
        for (String m : step.modalities()) {
            Map<String, INDArray> w = step.modality(m).parameters();
            anchors.get(m).forEach((k, a) -> a.muli(1 - rate).addi(w.get(k).mul(rate)));
        }
    }
}
