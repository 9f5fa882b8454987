package redreg.api;

import redreg.api.stability.Stable;

/** A service that creates {@link Regulator}s; registered with {@code provides redreg.api.RegulatorProvider with …}. */
@Stable(since = "0.1")
public interface RegulatorProvider<C extends Record> extends Plugin<C> {

    /** A fresh regulator for one run (regulators keep per-run state). */
    Regulator create(C config);

    /**
     * Whether this regulator is defined for a task of this {@link Objective} (issue 19). A run whose task's objective
     * a regulator does not support is refused at start-up with one line (exit code 2). The default is
     * classification only, so a plug-in written on class probabilities (softmax outputs, true-class probabilities,
     * labels) stays safe; one that reads only loss values and gradients may return true for a regression too, and
     * its page should say what its rule becomes there.
     */
    @redreg.api.stability.Experimental(since = "0.2", why = "issue 19: new")
    default boolean supports(Objective objective) {
        return objective instanceof Objective.Classification;
    }
}
