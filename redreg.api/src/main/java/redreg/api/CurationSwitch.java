package redreg.api;

import java.util.List;
import java.util.Optional;
import redreg.api.nn.Param;
import redreg.api.stability.Experimental;

/**
 * A fusion whose cross-modal flow into one branch can be cut for the next forwards: Greedy's re-balancing
 * ("curation") step (Wu et al., ICML 2022), where the cared-for branch is rescaled by the running average of its
 * excitation instead of the live one. Offered by a {@link Fusion} that implements it (the {@code mmtm} fusion); a
 * regulator finds it on {@link TrainingContext#fusion()}.
 */
@Experimental(since = "0.1", why = "Greedy's switch; the only user so far")
public interface CurationSwitch {

    /**
     * From the next forward on, branch {@code modality} uses its running-average excitation (detached) in every
     * block; {@code null} turns curation off (every branch live).
     */
    void curate(String modality);

    /** The branch now curated, if any. */
    Optional<String> curated();

    /**
     * The parameters of {@code modality}'s bypass path, i.e. every block's excitation layer for that modality and
     * the blocks' shared squeeze layers (counted for every modality).
     */
    List<Param> bypassParameters(String modality);
}
