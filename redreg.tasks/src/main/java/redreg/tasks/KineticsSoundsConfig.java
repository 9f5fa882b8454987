package redreg.tasks;

import java.util.List;
import redreg.api.ConfigException;
import redreg.api.Range;
import redreg.api.Tasks;

/**
 * Kinetics-Sounds in the layout of the balanced-multimodal reference code: list files (one clip a line:
 * {@code name … label}, whitespace- or comma-separated, integer label last), {@code <audio>/<name>.npy}
 * normalised fbank spectrograms [1024, 128] and {@code <frames>/<name>/frame_0000{t}.jpg} (1 fps); three frames
 * are segment-sampled per clip. Audio is [1, 1024, 128]; visual [9, imageSize, imageSize] (three RGB frames).
 *
 * @param path           the dataset folder; the other paths are relative to it
 * @param modalities     {@code audio}, {@code visual} or both
 * @param trainList      training list file
 * @param testList       test list file
 * @param trainAudio     folder of the training spectrograms
 * @param testAudio      folder of the test spectrograms
 * @param trainFrames    folder of the training frame folders
 * @param testFrames     folder of the test frame folders
 * @param classes        number of classes (31 for Kinetics-Sounds)
 * @param specShape      expected [frames, bins] of every spectrogram
 * @param imageSize      side the frames are resized/cropped to
 * @param skipBadSamples skip (and report) clips whose files are missing or corrupt or whose label is out of range
 * @param standardize    standardise each modality with the mean and standard deviation of its training split
 *                       (one scalar pair per modality; recorded in the run's config)
 */
public record KineticsSoundsConfig(String path, List<String> modalities, String trainList, String testList,
                                   String trainAudio, String testAudio, String trainFrames, String testFrames,
                                   @Range(min = 2) int classes, @Range(min = 1) List<Integer> specShape,
                                   @Range(min = 8) int imageSize, boolean skipBadSamples, boolean standardize) {

    public KineticsSoundsConfig {
        modalities = Tasks.checkModalities(modalities, List.of("audio", "visual"));
        if (specShape == null || specShape.size() != 2 || specShape.stream().anyMatch(d -> d < 1)) {
            throw ConfigException.at("specShape", "expected [frames, bins], got " + specShape);
        }
    }

    public static KineticsSoundsConfig defaults() {
        return new KineticsSoundsConfig("", List.of("audio", "visual"), "ks_train.txt", "ks_test.txt", "train_spec",
                "test_spec", "train-frames-1fps/train", "test-frames-1fps/test", 31, List.of(1024, 128), 224, false, false);
    }
}
