package redreg.tasks;

/**
 * A dataset exported as NumPy arrays: {@code <path>/dataset.yaml} names the classes and the modalities,
 * {@code <path>/<split>/<modality>.npy} holds float arrays [N, …] and {@code <path>/<split>/labels.npy} integer
 * class indices [N]. The sample rank picks the encoder: [C, H, W] → cnn, [T, D] → sequence, [D] → mlp.
 *
 * @param path           the dataset folder (relative paths resolve against the experiment file's folder)
 * @param trainSplit     sub-folder of the training split
 * @param testSplit      sub-folder of the test split
 * @param skipBadSamples drop samples with a label outside the class list or a non-finite value (and report how
 *                       many) instead of failing
 */
public record NpyFolderConfig(String path, String trainSplit, String testSplit, boolean skipBadSamples) {

    public static NpyFolderConfig defaults() {
        return new NpyFolderConfig("", "train", "test", false);
    }
}
