package redreg.api;

import redreg.api.stability.Stable;

/**
 * The parts of the training data a plug-in may pass over between steps. The validation part is carved from the
 * task's training split ({@code training.validation}, seeded and stratified) and is never trained on; the test
 * split is not offered to plug-ins at all.
 */
@Stable(since = "0.1")
public enum DataPart {
    /** The training split less the validation part: what the steps train on. */
    TRAIN,
    /** The held-out part of the training split. */
    VALIDATION
}
