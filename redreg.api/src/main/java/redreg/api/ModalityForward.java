package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/** One modality within a step after its forward pass. */
@Stable(since = "0.1")
public interface ModalityForward {

    String name();

    /** The input batch fed to the encoder. */
    INDArray input();

    /** Pooled encoder features z_m, [B, d_m]. */
    INDArray features();

    /** Logits of this modality's own head, [B, K] (a regression: the score, [B, 1]). */
    INDArray logits();

    /** Softmax of {@link #logits()}, [B, K]; on a regression task the scores themselves (what its loss reads). */
    INDArray probabilities();

    /** P(y_i | z_i^m) for each sample, [B]; null on a regression task (no class probabilities: see Objective). */
    INDArray trueClassProbabilities();

    /** The encoder's trainable parameters by name: live views, read only. */
    Map<String, INDArray> parameters();

    /** Runs the encoder alone on {@code input} without touching gradients or state; returns pooled features. */
    INDArray encode(INDArray input, boolean trainMode);
}
