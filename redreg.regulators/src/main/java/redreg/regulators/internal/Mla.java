package redreg.regulators.internal;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.BatchControl;
import redreg.api.ConfigException;
import redreg.api.LossControl;
import redreg.api.Regulator;
import redreg.api.SharedHead;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.regulators.MlaConfig;

/**
 * MLA — multimodal learning with alternating unimodal adaptation (Zhang et al., CVPR 2024), as the official
 * {@code main.py --gs_flag} trains it.
 *
 * <ol>
 * <li>Every batch is trained in M phases, one per modality in order: the loss CE(W·z_m + b) of that modality alone
 *     through the head shared by all of them (the {@code shared-head} fusion with every other modality's features
 *     dropped), backward, gradient modification, optimizer step.</li>
 * <li>Gradient modification of the shared head (GSPlugin): with r the batch mean of z_m and
 *     α = 0.1^(1 + step/steps-per-epoch), k = P·rᵀ, P ← P − k·kᵀ/(α + r·k), P ← P/‖P‖_F, then ∇W ← ∇W·Pᵀ; skipped on
 *     the very first phase of the run (P starts as the identity).</li>
 * <li>Test time: the fusion's rule (entropy gating of the per-modality logits, MLA's "dynamic" fusion).</li>
 * </ol>
 * The modality heads of the engine stay detached monitors (they learn on detached features).
 */
final class Mla implements Regulator {
    private final MlaConfig c;
    private List<String> modalities;
    private SharedHead head;
    private INDArray projector;
    private long phasesDone;

    Mla(MlaConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        if (!(ctx.fusion() instanceof SharedHead shared)) {
            throw new ConfigException("regulator mla: needs fusion shared-head (the head every modality trains through,"
                    + " with MLA's test-time entropy fusion); set fusion: shared-head");
        }
        head = shared;
        modalities = ctx.modalities();
        startProjector(shared.weight().value().size(1));
    }

    /** Phase p trains modality p alone: the fusion sees only its features. */
    @Override
    public void beforeStep(BatchControl batch) {
        if (batch.phase() == 0) {
            batch.setPhases(modalities.size());
        }
        String active = modalities.get(batch.phase());
        modalities.stream().filter(m -> !m.equals(active)).forEach(batch::dropFeatures);
    }

    @Override
    public void shapeLoss(LossControl loss) {
        loss.setFusedWeight(1.0);
        loss.modalities().forEach(m -> loss.setUnimodalWeight(m, 0.0));
    }

    @Override
    public void regulate(StepView step) {
        String active = modalities.get(step.phase());
        step.diagnostic("mla.loss." + active, step.loss());
        modify(head.weight().gradient(), step.modality(active).features(), step.stepInEpoch(), step.stepsPerEpoch());
    }

    /**
     * The gradient modification of one unimodal update, in place on the shared weight's gradient {@code g}: the
     * projector's update from the batch mean of {@code features}, then the projection. The run's first update only
     * counts (the code's {@code train_exp_counter != 0}).
     */
    void modify(INDArray g, INDArray features, int stepInEpoch, int stepsPerEpoch) {
        if (!c.projection().equals("off") && phasesDone > 0) {
            double alpha = Math.pow(0.1, (double) stepInEpoch / stepsPerEpoch + 1);
            INDArray r = features.castTo(DataType.DOUBLE).mean(true, 0); // [1, d]
            projector = update(projector, r, alpha);
            INDArray projected = g.castTo(DataType.DOUBLE).mmul(projector.transpose()).castTo(g.dataType());
            if (c.projection().equals("replace")) {
                g.assign(projected);
            } else {
                g.addi(projected);
            }
        }
        phasesDone++;
    }

    /** The projector P (a copy). */
    INDArray projector() {
        return projector.dup();
    }

    /** For tests of the rule alone: a fresh projector of size d, as {@link #onTrainStart} makes it. */
    void startProjector(long d) {
        projector = Nd4j.eye(d).castTo(DataType.DOUBLE);
    }

    /** One recursive-least-squares step of the projector: P − k kᵀ/(α + r k), k = P rᵀ, then P/‖P‖_F. */
    static INDArray update(INDArray p, INDArray r, double alpha) {
        INDArray k = p.mmul(r.transpose()); // [d, 1]
        double denom = alpha + r.mmul(k).getDouble(0);
        INDArray next = p.sub(k.mmul(k.transpose()).divi(denom));
        return next.divi(next.norm2Number().doubleValue());
    }
}
