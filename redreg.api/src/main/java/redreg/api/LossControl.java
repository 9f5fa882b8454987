package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/**
 * The step's loss before backward. The total is
 * {@code w_fused·CE(fused) + Σ_m w_m·CE(head_m) + Σ terms}; its defaults come from the run's {@code losses:}
 * config (fused 1; each modality {@code unimodalWeight} when {@code losses.unimodal} is on, else 0).
 *
 * <p>A weight of 0 detaches that head: it still learns (with weight 1) but sends no gradient into the encoders,
 * so the heads' accuracies stay meaningful whatever the method.
 */
@Stable(since = "0.1")
public interface LossControl extends ForwardView {

    /** Name of the fused loss part in {@link ModalityStep#losses()}. */
    String FUSED = "fused";

    /** Name of a modality's own head loss part in {@link ModalityStep#losses()}. */
    String UNIMODAL = "unimodal";

    double fusedWeight();

    void setFusedWeight(double weight);

    double unimodalWeight(String modality);

    void setUnimodalWeight(String modality, double weight);

    /**
     * Adds a loss term computed by the plug-in on this step's features (PMR's prototype cross-entropy, say).
     *
     * @param name              a column name for diagnostics and the part's name in {@link ModalityStep#losses()}
     *                          (not {@value #FUSED} or {@value #UNIMODAL}, unique within the step)
     * @param value             the term's value (added to the step's loss)
     * @param featureGradients  d(value)/d(z_m) for each modality the term depends on, [B, d_m] each, batch-mean
     *                          scale like the rest of the loss
     */
    void addTerm(String name, double value, Map<String, INDArray> featureGradients);

    /**
     * Scales modality {@code modality}'s features per sample in this step's <em>fused</em> forward: the fusion block
     * sees z_m,i·s_i (OPM's feature dropping, s_i = 0 or 1/(1 − θ)), and the fused loss's gradient reaches z_m
     * multiplied by s_i. The unimodal heads, the terms and extra passes see the features unscaled. Default: 1.
     * A [B, d_m] array scales each entry instead: z_m,ij·s_ij (AMCo's feature mask).
     *
     * @param scale [B] factors, one per sample of the batch, or [B, d_m], one per feature entry (any finite value)
     */
    default void scaleFeatures(String modality, INDArray scale) {
        throw new UnsupportedOperationException("this step offers no feature scaling");
    }

    /**
     * Weights the samples of this step's fused loss: it becomes (1/B)·Σ_i w_i·CE_i (default w_i = 1, the batch
     * mean). A weight of 0 leaves sample i out of the fused loss; w_i = B/B' for B' kept samples is the mean over the
     * kept ones. The unimodal heads' losses and the terms keep their batch means.
     *
     * @param weights [B] non-negative weights
     */
    default void setSampleWeights(INDArray weights) {
        throw new UnsupportedOperationException("this step offers no sample weights");
    }

    /**
     * Adds a loss term computed by the plug-in on this step's <em>logits</em> (MBSD's consistency between the heads'
     * predictions, say): the engine back-propagates each given dL/dlogits through its head — the modality's own
     * head, or the fusion block for {@value #FUSED} — into that head's parameters and on into the encoders.
     *
     * @param name            as for {@link #addTerm}: a diagnostics column and the part's name in
     *                        {@link ModalityStep#losses()} of every encoder it reaches
     * @param value           the term's value (added to the step's loss)
     * @param logitGradients  d(value)/d(logits) by head: a modality name (its own head's logits) or {@value #FUSED}
     *                        (the fused logits); [B, K] each, batch-mean scale like the rest of the loss
     */
    void addLogitTerm(String name, double value, Map<String, INDArray> logitGradients);
}
