package redreg.api;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/**
 * Fusion between encoder stages (MMTM, say): offered by a {@link Fusion} through {@link Fusion#midFusion()}.
 * Encoders then run stage by stage; after stage {@code s} of every encoder the engine hands the stage's feature
 * maps to {@link #forwardStage}, which may read and rescale them. Stage shapes are in
 * {@link FusionContext#stageShapes()}.
 */
@Experimental(since = "0.1", why = "mid-fusion blocks: one user (MMTM) so far")
public interface MidFusion {

    /** The stages after which this block fuses (indices into each modality's stage list). */
    List<Integer> stages();

    /**
     * @param stage  the stage index
     * @param maps   each modality's output of that stage ([B, C, H, W], [B, C, T] or [B, C]), modality order
     * @return the maps the encoders continue with (same shapes)
     */
    List<INDArray> forwardStage(int stage, List<INDArray> maps, boolean training);

    /**
     * Back-propagates through the last {@link #forwardStage} of {@code stage}: receives dL/d(returned maps), adds
     * its parameters' gradients, returns dL/d(input maps). Called in reverse stage order once per backward.
     */
    List<INDArray> backwardStage(int stage, List<INDArray> mapGradients);
}
