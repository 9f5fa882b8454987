package redreg.regulators.internal;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.LossControl;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.regulators.UmeConfig;

/**
 * UME — Uni-Modal Ensemble (Du et al., ICML 2023): every modality's model (encoder + its own head) is trained alone,
 * and the prediction is the ensemble of the uni-modal models.
 *
 * <ol>
 * <li>Training: every head's CE with weight 1, the fused loss off (weight 0: the fused head still learns, detached,
 *     and is not used). Encoders do not interact, so this is M independent uni-modal trainings on the same
 *     batches.</li>
 * <li>Test time ({@link #evaluationLogits}): the mean of the heads' logits, or the log of the mean of their
 *     softmax outputs.</li>
 * </ol>
 */
final class Ume implements Regulator {
    private final UmeConfig c;

    Ume(UmeConfig config) {
        this.c = config;
    }

    /** Stateless. */
    @Override
    public boolean saveState(PluginState state) {
        return true;
    }

    @Override
    public void shapeLoss(LossControl loss) {
        loss.setFusedWeight(0);
        loss.modalities().forEach(m -> loss.setUnimodalWeight(m, 1.0));
    }

    @Override
    public void regulate(StepView step) {
        // UME changes the losses and the test-time rule only.
    }

    @Override
    public INDArray evaluationLogits(INDArray fused, Map<String, INDArray> heads) {
        INDArray sum = null;
        for (INDArray l : heads.values()) {
            INDArray part = c.average() == UmeConfig.Average.LOGITS ? l : Nd4j.nn().softmax(l.dup(), 1);
            sum = sum == null ? part.dup() : sum.addi(part);
        }
        sum.divi(heads.size());
        return c.average() == UmeConfig.Average.LOGITS ? sum : Transforms.log(sum, false);
    }
}
