package redreg.regulators.internal;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.LossControl;
import redreg.api.ModalityStep;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.signals.Gradients;
import redreg.regulators.MmParetoConfig;

/**
 * MMPareto — innocent unimodal assistance through Pareto integration (Wei &amp; Hu, ICML 2024).
 *
 * <ol>
 * <li>Loss L = L_mm + Σ_m L_m: the fused head's cross-entropy plus each modality's own head's (weights 1).</li>
 * <li>Per encoder m, the two gradients that reach it: g_mm (of L_mm) and g_u (of L_m), each over the whole encoder.</li>
 * <li>If cos(g_mm, g_u) &gt; 0 the weights are (½, ½); otherwise the two-task min-norm (MGDA) solution
 *     k1 = (‖g_u‖² − ⟨g_mm, g_u⟩) / ‖g_mm − g_u‖², k2 = 1 − k1, with the solver's edge rules.</li>
 * <li>Per encoder tensor P: new = 2·(k1·g_mm,P + k2·g_u,P); if ‖base‖ &gt; ‖new‖ (base = the summed gradient) new is
 *     rescaled to ‖base‖; grad_P ← γ·new. Heads and fusion keep their summed gradients.</li>
 * </ol>
 * Each encoder sees exactly two losses, so any number of modalities works.
 */
final class MmPareto implements Regulator {
    static final double EPS = 1e-12;
    private final MmParetoConfig c;

    MmPareto(MmParetoConfig config) {
        this.c = config;
    }

    /** Stateless between steps: nothing to save, resumable. */
    @Override
    public boolean saveState(PluginState state) {
        return true;
    }

    /** The method's loss: every head's cross-entropy with weight 1, whatever {@code losses:} says. */
    @Override
    public void shapeLoss(LossControl loss) {
        loss.setFusedWeight(1.0);
        loss.modalities().forEach(m -> loss.setUnimodalWeight(m, 1.0));
    }

    @Override
    public void regulate(StepView step) {
        for (String m : step.modalities()) {
            ModalityStep encoder = step.modality(m);
            Map<String, INDArray> multimodal = encoder.lossGradients(LossControl.FUSED);
            // The parts sum to the gradient: with only these two, the second is a subtraction, not a recomputation.
            Map<String, INDArray> unimodal = encoder.losses().size() == 2
                    ? Gradients.difference(encoder.gradients(), multimodal)
                    : encoder.lossGradients(LossControl.UNIMODAL);
            double mm = Gradients.squaredNorm(multimodal);
            double uu = Gradients.squaredNorm(unimodal);
            double mu = Gradients.dot(multimodal, unimodal);
            double cos = mu / Math.max(Math.sqrt(mm * uu), EPS);
            double k1 = cos > 0 ? 0.5 : minNormWeight(mm, mu, uu);
            step.diagnostic("mmpareto.cos." + m, cos);
            step.diagnostic("mmpareto.k1." + m, k1);
            for (var e : encoder.gradients().entrySet()) {
                INDArray base = e.getValue();
                INDArray combined = multimodal.get(e.getKey()).castTo(DataType.DOUBLE).mul(2 * k1)
                        .addi(unimodal.get(e.getKey()).castTo(DataType.DOUBLE).mul(2 * (1 - k1)));
                double baseNorm = base.castTo(DataType.DOUBLE).norm2Number().doubleValue();
                double newNorm = combined.norm2Number().doubleValue();
                if (baseNorm > newNorm) {
                    combined.muli(baseNorm / Math.max(newNorm, EPS));
                }
                base.assign(combined.muli(c.gamma()).castTo(base.dataType()));
            }
        }
    }

    /**
     * Weight of v1 in the min-norm point of the segment [v1, v2] (MinNormSolver._min_norm_element_from2), from the
     * inner products ⟨v1, v1⟩, ⟨v1, v2⟩, ⟨v2, v2⟩.
     */
    static double minNormWeight(double v1v1, double v1v2, double v2v2) {
        if (v1v2 >= v1v1) {
            return 0.999;
        }
        if (v1v2 >= v2v2) {
            return 0.001;
        }
        return (v2v2 - v1v2) / (v1v1 + v2v2 - 2 * v1v2);
    }
}
