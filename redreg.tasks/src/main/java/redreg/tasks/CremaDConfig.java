package redreg.tasks;

import java.util.List;
import redreg.api.ConfigException;
import redreg.api.Range;
import redreg.api.Tasks;

/**
 * CREMA-D in its published layout: {@code train.csv}/{@code test.csv} ({@code clip,EMO}, UTF-8 with BOM),
 * {@code AudioWAV/<clip>.wav} and {@code Image-<fps>-FPS/<clip>/*.jpg}. Audio becomes the reference spectrogram
 * [1, 257, 188]; visual is {@code frames} frames stacked along the channels, [3·frames, imageSize, imageSize].
 *
 * @param path           the dataset folder (relative paths resolve against the experiment file's folder)
 * @param modalities     {@code audio}, {@code visual} or both
 * @param trainList      training list, relative to {@code path}
 * @param testList       test list, relative to {@code path}
 * @param audioDir       folder of the WAV files
 * @param fps            frame rate of the extracted frames: the folder is {@code Image-%02d-FPS}
 * @param frames         frames sampled per clip (random at training, evenly spaced at evaluation)
 * @param imageSize      side the frames are resized/cropped to (224 in the papers; smaller for CPU)
 * @param stftPad        padding of the centred STFT frames: {@code constant} (librosa ≥ 0.10) or {@code reflect}
 * @param skipBadSamples skip (and report) clips whose files are missing or corrupt or whose label is unknown
 * @param cache          keep the spectrograms under the run's cache directory
 * @param standardize    standardise each modality with the mean and standard deviation of its training split
 *                       (one scalar pair per modality; recorded in the run's config)
 */
public record CremaDConfig(String path, List<String> modalities, String trainList, String testList, String audioDir,
                           @Range(min = 1) int fps, @Range(min = 1) int frames, @Range(min = 8) int imageSize,
                           String stftPad, boolean skipBadSamples, boolean cache, boolean standardize) {

    public CremaDConfig {
        modalities = Tasks.checkModalities(modalities, List.of("audio", "visual"));
        if (!"constant".equals(stftPad) && !"reflect".equals(stftPad)) {
            throw ConfigException.at("stftPad", "expected constant or reflect, got '" + stftPad + "'");
        }
    }

    public static CremaDConfig defaults() {
        return new CremaDConfig("", List.of("audio", "visual"), "train.csv", "test.csv", "AudioWAV", 1, 1, 224,
                "constant", false, true, false);
    }
}
