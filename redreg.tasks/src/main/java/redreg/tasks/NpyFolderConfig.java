package redreg.tasks;

import java.util.List;

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
 * @param modalities     which of dataset.yaml's modalities to train, in this order (e.g. {@code [visual]} for a
 *                       unimodal baseline); unset: all of them (the others' files are not read)
 * @param standardize    standardise each modality with the mean and standard deviation of its training split
 *                       (one scalar pair per modality; recorded in the run's config)
 */
public record NpyFolderConfig(String path, String trainSplit, String testSplit, boolean skipBadSamples,
                              List<String> modalities, boolean standardize) {

    public NpyFolderConfig {
        modalities = modalities == null ? null : List.copyOf(modalities);
    }

    public static NpyFolderConfig defaults() {
        return new NpyFolderConfig("", "train", "test", false, null, false);
    }
}
