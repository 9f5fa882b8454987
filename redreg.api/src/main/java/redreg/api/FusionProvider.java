package redreg.api;

import redreg.api.stability.Stable;

/** A service that creates the fusion block and fused head; {@code provides redreg.api.FusionProvider with …}. */
@Stable(since = "0.1")
public interface FusionProvider<C extends Record> extends Plugin<C> {

    /** Builds the block for the given modalities; a config naming an unknown modality throws {@link ConfigException}. */
    Fusion create(C config, FusionContext context);

    /**
     * Whether this fusion is defined for a task of this {@link Objective}. A run whose task's objective the fusion
     * does not support is refused at start-up with one line (exit code 2), as for {@link RegulatorProvider#supports}.
     * The default is classification only: a fusion's head gets {@code numClasses} outputs (1 for a regression), and
     * one written on class logits (cosine logits, a gate on the softmax's entropy) would still run on one unit and
     * report numbers that mean nothing. A fusion whose output is a plain linear function of what it computes may
     * return true for a regression too.
     */
    @redreg.api.stability.Experimental(since = "0.2", why = "issue 19: fusions declare their objectives too")
    default boolean supports(Objective objective) {
        return objective instanceof Objective.Classification;
    }
}
