package redreg.regulators.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ModalityStep;
import redreg.api.Regulator;
import redreg.api.PluginState;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.api.signals.Gradients;
import redreg.api.signals.Probes;
import redreg.regulators.InfoRegConfig;

/**
 * InfoReg — Information Acquisition Regulation (Huang et al., CVPR 2025).
 *
 * <ol>
 * <li>Information amount: each epoch, the trace of the encoder's Fisher information, estimated as
 *     Σ over weight tensors of mean(g²), summed over the epoch's steps.</li>
 * <li>Prime learning window: with the trace history pre-padded with {@code traceWindow} zeros,
 *     k = (mean(last W) − mean(previous W)) / mean(last W); the window stays open while k &gt; threshold.
 *     Epoch 0 is inside the window.</li>
 * <li>Adaptive unimodal regulation: the information-sufficient (highest-score) modality is slowed during its
 *     window by the proximal term β·(w − w_epoch_start) added to its gradient, β = c·exp(tanh(s_dom − s_other)).</li>
 * </ol>
 */
final class InfoReg implements Regulator {
    private final InfoRegConfig c;
    private final Map<String, Double> traceThisEpoch = new HashMap<>();
    private final Map<String, List<Double>> history = new HashMap<>();
    private final Map<String, Boolean> window = new HashMap<>();
    private final Map<String, Map<String, INDArray>> epochStart = new HashMap<>();
    private List<String> modalities;

    InfoReg(InfoRegConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        modalities = ctx.modalities();
        for (String m : modalities) {
            List<Double> h = new ArrayList<>();
            for (int i = 0; i < c.traceWindow(); i++) {
                h.add(0.0);
            }
            history.put(m, h);
            window.put(m, true);
        }
    }

    @Override
    public void onEpochStart(TrainingContext ctx) {
        for (String m : modalities) {
            epochStart.put(m, Gradients.copy(ctx.parameters(m)));
            traceThisEpoch.put(m, 0.0);
        }
    }

    @Override
    public void regulate(StepView step) {
        Map<String, Double> score = new HashMap<>();
        String dominant = modalities.get(0);
        for (String m : modalities) {
            ModalityStep ms = step.modality(m);
            traceThisEpoch.merge(m, fisherTrace(ms.gradients()), Double::sum);
            score.put(m, c.scoreMean() ? Probes.meanTrueClass(ms) : Probes.sumTrueClass(ms));
            if (score.get(m) > score.get(dominant)) {
                dominant = m;
            }
        }
        double others = 0;
        for (String m : modalities) {
            others += m.equals(dominant) ? 0 : score.get(m);
        }
        others /= modalities.size() - 1;
        double base = 0;
        if (c.variant() == InfoRegConfig.Variant.PAPER) {
            base = window.get(dominant) ? c.coefficient() : 0;
        } else if (dominant.equals(modalities.get(0))) {
            base = window.get(dominant) ? c.coefficient() : 0;
        } else {
            base = c.weakCoefficient();
        }
        double beta = base * Math.exp(Math.tanh(score.get(dominant) - others));
        if (beta > 0) {
            ModalityStep d = step.modality(dominant);
            Map<String, INDArray> start = epochStart.get(dominant);
            Map<String, INDArray> w = d.parameters();
            d.gradients().forEach((k, g) -> g.addi(w.get(k).sub(start.get(k)).muli(beta)));
        }
        step.diagnostic("inforeg.dominant", modalities.indexOf(dominant));
        step.diagnostic("inforeg.beta", beta);
        for (String m : modalities) {
            step.diagnostic("inforeg.window." + m, window.get(windowSource(m)) ? 1 : 0);
        }
    }

    /** The trace history and the windows (the epoch's trace and start point are rebuilt by onEpochStart). */
    @Override
    public boolean saveState(PluginState s) {
        for (String m : modalities) {
            s.child("history").putDoubleList(m, history.get(m));
            s.child("window").putBoolean(m, window.get(m));
        }
        return true;
    }

    @Override
    public void restoreState(TrainingContext ctx, PluginState s) {
        modalities = ctx.modalities();
        for (String m : modalities) {
            history.put(m, s.getChild("history").doubleList(m));
            window.put(m, s.getChild("window").getBoolean(m));
        }
    }

    boolean windowOpen(String modality) {
        return window.get(modality);
    }

    /** The reference code decides every modality's window from the first modality's trace. */
    private String windowSource(String m) {
        return c.variant() == InfoRegConfig.Variant.REFERENCE_CODE ? modalities.get(0) : m;
    }

    /** Σ over weight tensors (conv and dense kernels, "_W") of mean(g²). */
    static double fisherTrace(Map<String, INDArray> gradients) {
        double tr = 0;
        for (var e : gradients.entrySet()) {
            if (e.getKey().endsWith("_W")) {
                tr += Gradients.dot(e.getValue(), e.getValue()) / e.getValue().length();
            }
        }
        return tr;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, Map<String, Double> metrics) {
        for (String m : modalities) {
            List<Double> h = history.get(m);
            h.add(traceThisEpoch.get(m));
            window.put(m, relativeChange(h, c.traceWindow()) > c.threshold());
        }
        if (c.variant() == InfoRegConfig.Variant.REFERENCE_CODE) {
            boolean first = window.get(modalities.get(0));
            modalities.forEach(m -> window.put(m, first));
        }
    }

    /** k = (mean(last W) − mean(previous W)) / mean(last W); NaN-safe (a zero trace closes the window). */
    static double relativeChange(List<Double> h, int w) {
        int n = h.size();
        double last = 0;
        double prev = 0;
        for (int i = 0; i < w; i++) {
            last += h.get(n - 1 - i);
            prev += n - 1 - w - i >= 0 ? h.get(n - 1 - w - i) : 0;
        }
        last /= w;
        prev /= w;
        return last == 0 ? 0 : (last - prev) / last;
    }
}
