package redreg.regulators.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redreg.api.ConfigException;
import redreg.api.DataPart;
import redreg.api.LossControl;
import redreg.api.LossWeights;
import redreg.api.ModelFork;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.regulators.GBlendingConfig;

/**
 * Gradient-Blending (Wang, Tran &amp; Feiszli, CVPR 2020, Section 4), online or offline.
 *
 * <ol>
 * <li>Heads: one per modality on z_m and the fused head: M + 1 losses, L = Σ_k w_k·L_k.</li>
 * <li>Estimation at the start of each super-epoch (online) or once (offline): for each head k, a fork of the
 *     current model records L^T_N and L^V_N (mean losses of head k on the training part T′ and the held-out V),
 *     trains for n epochs on head k's loss alone, and records L^T_{N+n}, L^V_{N+n}.</li>
 * <li>ΔG_k = L^V_N − L^V_{N+n} (clamped at 0), ΔO_k = O_{N+n} − O_N with O = L^V − L^T;
 *     w_k ∝ ΔG_k / max(ΔO_k², 1e-8), normalized to sum 1.</li>
 * <li>Steps: the fused loss gets w_fused and each modality head w_m.</li>
 * </ol>
 * Any number of modalities (M + 1 heads).
 */
final class GBlending implements Regulator {
    static final String FUSED = "fused";
    private final GBlendingConfig c;
    private final Map<String, Double> weights = new LinkedHashMap<>();

    GBlending(GBlendingConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        if (ctx.size(DataPart.VALIDATION) == 0) {
            throw new ConfigException("regulator g-blending: needs a held-out split to estimate the weights on; set "
                    + "training.validation (e.g. 0.1), got 0 validation samples");
        }
        if (ctx.modalities().contains(FUSED)) {
            throw new ConfigException("regulator g-blending: a modality may not be named '" + FUSED + "'");
        }
        ctx.modalities().forEach(m -> weights.put(m, 1.0 / (ctx.modalities().size() + 1)));
        weights.put(FUSED, 1.0 / (ctx.modalities().size() + 1));
    }

    /** The blending weights of the last estimate (forks are numbered by the engine, which saves the count). */
    @Override
    public boolean saveState(PluginState state) {
        weights.forEach(state::putDouble);
        return true;
    }

    @Override
    public void restoreState(TrainingContext ctx, PluginState state) {
        weights.clear();
        state.keys().forEach(k -> weights.put(k, state.getDouble(k)));
    }

    @Override
    public void onEpochStart(TrainingContext ctx) {
        int e = ctx.epoch();
        boolean due = c.mode() == GBlendingConfig.Mode.ONLINE ? e % c.superEpoch() == 0 : e == 0;
        if (!due) {
            return;
        }
        Map<String, double[]> losses = new LinkedHashMap<>();
        for (String head : weights.keySet()) {
            LossWeights only = only(head, ctx.modalities());
            try (ModelFork fork = ctx.fork()) {
                double t0 = fork.loss(DataPart.TRAIN, only, Set.of());
                double v0 = fork.loss(DataPart.VALIDATION, only, Set.of());
                fork.train(c.epochsPerEstimate(), only, Set.of());
                losses.put(head, new double[] {t0, v0, fork.loss(DataPart.TRAIN, only, Set.of()),
                    fork.loss(DataPart.VALIDATION, only, Set.of())});
            }
        }
        weights.putAll(blend(losses, weights));
    }

    /** The loss weights that train one head alone: 1 on it, 0 (detached) on every other. */
    static LossWeights only(String head, List<String> modalities) {
        Map<String, Double> unimodal = new LinkedHashMap<>();
        modalities.forEach(m -> unimodal.put(m, m.equals(head) ? 1.0 : 0.0));
        return new LossWeights(head.equals(FUSED) ? 1.0 : 0.0, unimodal);
    }

    /**
     * w_k from each head's {L^T_N, L^V_N, L^T_{N+n}, L^V_{N+n}}; when no head generalizes better after n epochs
     * (every ΔG ≤ 0) the previous weights stay.
     */
    static Map<String, Double> blend(Map<String, double[]> losses, Map<String, Double> previous) {
        Map<String, Double> raw = new LinkedHashMap<>();
        double sum = 0;
        for (var e : losses.entrySet()) {
            double[] l = e.getValue();
            double gain = Math.max(0, l[1] - l[3]);
            double overfit = (l[3] - l[2]) - (l[1] - l[0]);
            double w = gain / Math.max(overfit * overfit, 1e-8);
            raw.put(e.getKey(), w);
            sum += w;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            return previous;
        }
        double total = sum;
        raw.replaceAll((k, w) -> w / total);
        return raw;
    }

    @Override
    public void shapeLoss(LossControl loss) {
        loss.setFusedWeight(weights.get(FUSED));
        loss.diagnostic("gblend.w.fused", weights.get(FUSED));
        for (String m : loss.modalities()) {
            loss.setUnimodalWeight(m, weights.get(m));
            loss.diagnostic("gblend.w." + m, weights.get(m));
        }
    }

    @Override
    public void regulate(StepView step) {
        // G-Blending acts on the loss weights only.
    }
}
