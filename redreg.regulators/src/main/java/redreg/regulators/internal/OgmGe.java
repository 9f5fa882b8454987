package redreg.regulators.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.api.signals.Probes;
import redreg.regulators.OgmGeConfig;

/**
 * OGM-GE — On-the-fly Gradient Modulation with Generalization Enhancement (Peng et al., CVPR 2022).
 *
 * <ol>
 * <li>Discrepancy ratio: s_m = Σ_batch P(y_i | x_i^m); ρ_m = s_m / s_other (with more than two modalities, the
 *     mean of s_m / s_j over the others).</li>
 * <li>Modulation: the modality with ρ_m &gt; 1 gets k_m = 1 − tanh(α·ρ_m) on its encoder gradients; the others
 *     keep k = 1.</li>
 * <li>Generalization enhancement: every tensor of the modulated modality also gets N(0, std(g) + 1e-8) noise,
 *     std taken before scaling (unbiased); {@code geEverywhere} adds it to every modality as the public code does.</li>
 * </ol>
 */
final class OgmGe implements Regulator {
    private final OgmGeConfig c;
    private Random noise;

    OgmGe(OgmGeConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        noise = new Random(ctx.seed("ogm-ge.noise"));
    }

    /** The generalization-enhancement noise stream. */
    @Override
    public boolean saveState(PluginState state) {
        state.putRandom("noise", noise);
        return true;
    }

    @Override
    public void restoreState(TrainingContext ctx, PluginState state) {
        noise = state.random("noise");
    }

    @Override
    public void regulate(StepView step) {
        if (step.epoch() < c.startEpoch() || step.epoch() >= c.endEpoch()) {
            return;
        }
        List<String> modalities = step.modalities();
        Map<String, Double> score = new HashMap<>();
        for (String m : modalities) {
            score.put(m, Probes.sumTrueClass(step.modality(m)));
        }
        for (String m : modalities) {
            double ratio = 0;
            for (String o : modalities) {
                if (!o.equals(m)) {
                    ratio += score.get(m) / Math.max(score.get(o), 1e-12);
                }
            }
            ratio /= modalities.size() - 1;
            double k = ratio > 1 ? 1 - Math.tanh(c.alpha() * Math.max(ratio, 0)) : 1;
            step.diagnostic("ogm.ratio." + m, ratio);
            step.diagnostic("ogm.coef." + m, k);
            boolean noisy = c.ge() && (k < 1 || c.geEverywhere());
            if (k == 1 && !noisy) {
                continue;
            }
            for (var e : step.modality(m).gradients().entrySet()) {
                INDArray g = e.getValue();
                if (c.parameters() == OgmGeConfig.Parameters.CONV && g.rank() != 4) {
                    continue;
                }
                double std = noisy ? unbiasedStd(g) : 0;
                g.muli(k);
                if (noisy) {
                    g.addi(Probes.gaussian(g, std + 1e-8, noise));
                }
            }
        }
    }

    static double unbiasedStd(INDArray g) {
        return g.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).stdNumber().doubleValue();
    }
}
