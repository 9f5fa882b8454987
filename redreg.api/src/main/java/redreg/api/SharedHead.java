package redreg.api;

import redreg.api.nn.Param;
import redreg.api.stability.Experimental;

/**
 * A fusion that is one classifier shared by every modality (its logits for modality m are W·z_m + b): what MLA
 * (Zhang et al., CVPR 2024) and ReconBoost's common space train. Offered by a {@link Fusion} that implements it (the
 * {@code shared-head} fusion); a regulator finds it on {@link TrainingContext#fusion()}.
 */
@Experimental(since = "0.1", why = "MLA's shared head; the only user so far")
public interface SharedHead {

    /** The shared weight W, [K, d]: live value and gradient buffer. */
    Param weight();

    /** The shared bias b, [1, K]: live value and gradient buffer. */
    Param bias();
}
