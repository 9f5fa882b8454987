package redreg.regulators.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.LossControl;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.api.signals.Probes;
import redreg.regulators.OpmConfig;

/**
 * OPM — On-the-fly Prediction Modulation (Wei, Hu, Du &amp; Wen, TPAMI 2024), as the official BML_TPAMI2024
 * {@code models/Classifier.py} does it: the dominant modality's features are dropped in the feed-forward with a
 * probability that grows with its lead.
 *
 * <ol>
 * <li>Scores s_m = Σ_i P(y_i | z_m) from each modality's head; ρ_m = s_m / mean_{j≠m} s_j (two modalities: s_m / s_j).</li>
 * <li>q_m = q_base·(1 + λ·tanh(relu(ρ_m − 1))) when ρ_m &gt; 1, else 0; clipped to [0, 1].</li>
 * <li>With probability p_exe the step drops: per sample and modality a Bernoulli(1 − q_m) mask; the fused head sees
 *     z_m ⊙ mask / (1 − θ), θ = Σ_m d_m q_m / Σ_m d_m (gradient scaled the same way, θ a constant).</li>
 * <li>A sample whose every modality is dropped leaves the fused loss, which is the mean over the kept samples.</li>
 * <li>No dropping in the first {@code warmupEpochs} epochs.</li>
 * </ol>
 */
final class Opm implements Regulator {
    private final OpmConfig c;
    private Random random;

    Opm(OpmConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        random = new Random(ctx.seed("opm"));
    }

    /** The drop stream. */
    @Override
    public boolean saveState(PluginState state) {
        state.putRandom("drop", random);
        return true;
    }

    @Override
    public void restoreState(TrainingContext ctx, PluginState state) {
        random = state.random("drop");
    }

    @Override
    public void shapeLoss(LossControl loss) {
        if (loss.epoch() < c.warmupEpochs()) {
            return;
        }
        List<String> mods = loss.modalities();
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String m : mods) {
            scores.put(m, loss.modality(m).trueClassProbabilities().sumNumber().doubleValue());
            sizes.put(m, (int) loss.modality(m).features().size(1));
        }
        Map<String, Double> q = dropProbabilities(scores, c.qBase(), c.lambda());
        q.forEach((m, v) -> loss.diagnostic("opm.q." + m, v));
        // One draw decides whether this step drops at all (the official exe_drop), then the masks.
        boolean execute = random.nextDouble() >= 1 - c.execute();
        loss.diagnostic("opm.executed", execute ? 1 : 0);
        if (!execute) {
            return;
        }
        Drop d = new Drop(q, sizes, loss.batchSize(), random);
        loss.diagnostic("opm.kept", d.kept);
        for (String m : mods) {
            loss.scaleFeatures(m, Nd4j.createFromArray(d.scale.get(m)).castTo(loss.modality(m).features().dataType()));
        }
        loss.setSampleWeights(Nd4j.createFromArray(d.sampleWeights));
    }

    @Override
    public void regulate(StepView step) {
        // OPM acts on the forward only.
    }

    /** q_m from the scores (the official calcu_q; its ratio is against the mean of the other modalities' scores). */
    static Map<String, Double> dropProbabilities(Map<String, Double> scores, double qBase, double lambda) {
        Map<String, Double> q = new LinkedHashMap<>();
        for (var e : scores.entrySet()) {
            double others = 0;
            for (var o : scores.entrySet()) {
                if (!o.getKey().equals(e.getKey())) {
                    others += o.getValue();
                }
            }
            others /= scores.size() - 1;
            double ratio = Math.tanh(Math.max(e.getValue() / others - 1, 0));
            double v = ratio > 0 ? qBase * (1 + lambda * ratio) : 0;
            q.put(e.getKey(), Math.min(Math.max(v, 0), 1));
        }
        return q;
    }

    /** One drop: per-sample feature factors per modality and the fused loss's per-sample weights. */
    static final class Drop {
        final Map<String, double[]> scale = new LinkedHashMap<>();
        final double[] sampleWeights;
        final int kept;

        Drop(Map<String, Double> q, Map<String, Integer> sizes, int batch, Random random) {
            double qd = 0;
            double d = 0;
            for (String m : q.keySet()) {
                qd += sizes.get(m) * q.get(m);
                d += sizes.get(m);
            }
            double theta = qd / d;
            boolean[] any = new boolean[batch];
            for (String m : q.keySet()) {
                double[] s = new double[batch];
                for (int i = 0; i < batch; i++) {
                    boolean keep = random.nextDouble() < 1 - q.get(m);
                    s[i] = keep ? 1 / (1 - theta) : 0;
                    any[i] |= keep;
                }
                scale.put(m, s);
            }
            int k = 0;
            for (boolean a : any) {
                k += a ? 1 : 0;
            }
            kept = k;
            sampleWeights = new double[batch];
            for (int i = 0; i < batch; i++) {
                sampleWeights[i] = any[i] ? (double) batch / k : 0;
            }
        }
    }
}
