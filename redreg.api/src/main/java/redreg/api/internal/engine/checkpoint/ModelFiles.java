package redreg.api.internal.engine.checkpoint;

/** The names of the model files and the checkpoint in a run folder. */
public final class ModelFiles {
    /** The last epoch's model. */
    public static final String FINAL = "model.npz";
    /** The model of the epoch {@code training.select: best-val} reports. */
    public static final String BEST = "model-best.npz";
    /** Where an interrupted run continues from; removed when the run has finished. */
    public static final String CHECKPOINT = "checkpoint.npz";

    private ModelFiles() {
    }
}
