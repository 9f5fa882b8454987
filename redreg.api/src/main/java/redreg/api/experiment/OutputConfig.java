package redreg.api.experiment;

/**
 * @param dir      folder that holds run folders (relative to the working directory; not empty: {@code .} is the
 *                 working directory itself)
 * @param progress draw a progress bar on the terminal
 */
public record OutputConfig(String dir, boolean progress) {

    public OutputConfig {
        Configs.checkFolder("dir", dir);
    }

    public static OutputConfig defaults() {
        return new OutputConfig("runs", true);
    }
}
