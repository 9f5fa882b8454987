package redreg.api.experiment;

/**
 * @param dir      folder that holds run folders
 * @param progress draw a progress bar on the terminal
 */
public record OutputConfig(String dir, boolean progress) {

    public static OutputConfig defaults() {
        return new OutputConfig("runs", true);
    }
}
