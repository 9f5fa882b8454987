package redreg.api.experiment;

import redreg.api.stability.Experimental;

/**
 * @param dir      folder that holds run folders (relative to the working directory; not empty: {@code .} is the
 *                 working directory itself)
 * @param progress draw a progress bar on the terminal
 * @param saveModel which trained model the run folder keeps: {@code final} ({@code model.npz}, the last epoch's),
 *                 {@code best} ({@code model-best.npz}, the epoch {@code training.select: best-val} reports; with
 *                 {@code select: last} that is the final model), {@code both}, or {@code none}
 */
@Experimental(since = "0.1", why = "a record: new keys add components")
public record OutputConfig(String dir, boolean progress, String saveModel) {
    public static final java.util.List<String> SAVE_MODEL = java.util.List.of("final", "best", "both", "none");

    public OutputConfig {
        Configs.checkFolder("dir", dir);
        if (!SAVE_MODEL.contains(saveModel)) {
            throw new redreg.api.ConfigException("saveModel: unknown value '" + saveModel + "'; valid values: "
                    + String.join(", ", SAVE_MODEL));
        }
    }

    public static OutputConfig defaults() {
        return new OutputConfig("runs", true, "final");
    }
}
