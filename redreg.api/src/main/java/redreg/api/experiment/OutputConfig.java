package redreg.api.experiment;

import redreg.api.stability.Experimental;

/**
 * @param dir      folder that holds run folders (relative to the working directory; not empty: {@code .} is the
 *                 working directory itself)
 * @param progress draw a progress bar on the terminal
 */
@Experimental(since = "0.1", why = "a record: new keys add components")
public record OutputConfig(String dir, boolean progress) {

    public OutputConfig {
        Configs.checkFolder("dir", dir);
    }

    public static OutputConfig defaults() {
        return new OutputConfig("runs", true);
    }
}
