package redreg.tasks;

import java.util.List;
import redreg.api.ConfigException;
import redreg.api.Range;
import redreg.api.Tasks;

/**
 * The embedded audio-visual digits dataset: a real MNIST digit paired with a spoken digit of the same class (one
 * human speaker and espeak-ng voices; the test split's voices never occur in training), optionally with a text
 * modality (the digit's word in one of eight languages, with typos). The degradation knobs set how informative each
 * modality is; the defaults make audio the dominant modality.
 *
 * @param modalities    which modalities, in order: any of {@code audio}, {@code visual}, {@code text}
 *                      ({@code [audio]} or {@code [visual]} alone trains a unimodal baseline)
 * @param trainSize     training pairs (images are reused when larger than the 2,000 training images)
 * @param testSize      test pairs (images are reused when larger than the 1,000 test images)
 * @param dataSeed      seed of the pairing and of the degradations (fixed across run seeds)
 * @param imageSize     side of the visual input: the 28×28 digit is area-averaged down to it (low resolution)
 * @param imageNoise    standard deviation of Gaussian pixel noise (pixels in [0, 1])
 * @param occlusion     side of a randomly placed black square, as a fraction of the image side (0 = none)
 * @param audioSnrDb    signal-to-noise ratio of white noise added to each clip, in dB (100 ≈ clean)
 * @param melBins       mel bands of the audio log-mel spectrogram (51 frames of 16 ms)
 * @param audioLayout   {@code image}: [1, melBins, 51] (bands × frames, for a CNN or an MLP); {@code sequence}:
 *                      [51, melBins] (frames × bands, for a sequence encoder)
 * @param textTypoRate  probability of a typo (substitution, deletion, insertion, swap) per character of the word
 * @param cache         keep decoded features under the run's cache directory
 * @param standardize   standardise each modality with the mean and standard deviation of its training split
 *                      (one scalar pair per modality, applied to both splits)
 * @param noise         modalities whose signal is removed, leaving noise that carries nothing about the label (for
 *                      do-no-harm checks): audio becomes white noise of the clip's power, an image Gaussian noise of
 *                      the digit image's own mean and standard deviation, text the word of a random digit (a listed modality that is not trained
 *                      is ignored)
 */
public record AvDigitsConfig(List<String> modalities, @Range(min = 1) int trainSize, @Range(min = 1) int testSize,
                             @Range long dataSeed, @Range(min = 4, max = 28) int imageSize,
                             @Range(min = 0) double imageNoise, @Range(min = 0, max = 1) double occlusion,
                             @Range double audioSnrDb, @Range(min = 4, max = 128) int melBins,
                             String audioLayout, @Range(min = 0, max = 1) double textTypoRate, boolean cache,
                             boolean standardize, List<String> noise) {

    public static final List<String> KNOWN = List.of("audio", "visual", "text");

    public AvDigitsConfig {
        modalities = Tasks.checkModalities(modalities, KNOWN);
        if (!"sequence".equals(audioLayout) && !"image".equals(audioLayout)) {
            throw ConfigException.at("audioLayout", "expected sequence or image, got '" + audioLayout + "'");
        }
        // a known modality that is not trained is accepted, so one noise setting serves a table's unimodal rows too
        noise = noise == null || noise.isEmpty() ? List.of() : Tasks.checkModalities("noise", noise, KNOWN);
    }

    /** Every modality with its signal (no {@code noise}). */
    public AvDigitsConfig(List<String> modalities, int trainSize, int testSize, long dataSeed, int imageSize,
                          double imageNoise, double occlusion, double audioSnrDb, int melBins, String audioLayout,
                          double textTypoRate, boolean cache, boolean standardize) {
        this(modalities, trainSize, testSize, dataSeed, imageSize, imageNoise, occlusion, audioSnrDb, melBins,
                audioLayout, textTypoRate, cache, standardize, List.of());
    }

    public static AvDigitsConfig defaults() {
        return new AvDigitsConfig(List.of("audio", "visual"), 2000, 1000, 7, 14, 0.4, 0.3, 10.0, 32, "image", 0.25, true, false, List.of());
    }
}
