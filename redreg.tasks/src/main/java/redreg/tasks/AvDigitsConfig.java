package redreg.tasks;

import java.util.List;
import redreg.api.ConfigException;

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
 */
public record AvDigitsConfig(List<String> modalities, int trainSize, int testSize, long dataSeed, int imageSize,
                             double imageNoise, double occlusion, double audioSnrDb, int melBins,
                             String audioLayout, double textTypoRate, boolean cache) {

    public static final List<String> KNOWN = List.of("audio", "visual", "text");

    public AvDigitsConfig {
        if (modalities == null || modalities.isEmpty()) {
            throw new ConfigException("modalities: expected a non-empty list of audio, visual, text");
        }
        for (String m : modalities) {
            if (!KNOWN.contains(m)) {
                throw new ConfigException("modalities: unknown modality '" + m + "'; valid: audio, visual, text");
            }
        }
        if (modalities.stream().distinct().count() != modalities.size()) {
            throw new ConfigException("modalities: a modality is listed twice: " + modalities);
        }
        if (trainSize < 1 || testSize < 1) {
            throw new ConfigException("trainSize/testSize: expected positive sizes, got " + trainSize + "/" + testSize);
        }
        if (imageSize < 4 || imageSize > 28) {
            throw new ConfigException("imageSize: expected 4..28, got " + imageSize);
        }
        if (imageNoise < 0 || occlusion < 0 || occlusion > 1) {
            throw new ConfigException("imageNoise >= 0 and occlusion in [0, 1] expected, got " + imageNoise + ", "
                    + occlusion);
        }
        if (melBins < 4 || melBins > 128) {
            throw new ConfigException("melBins: expected 4..128, got " + melBins);
        }
        if (!"sequence".equals(audioLayout) && !"image".equals(audioLayout)) {
            throw new ConfigException("audioLayout: expected sequence or image, got '" + audioLayout + "'");
        }
        if (textTypoRate < 0 || textTypoRate > 1) {
            throw new ConfigException("textTypoRate: expected a probability in [0, 1], got " + textTypoRate);
        }
    }

    public static AvDigitsConfig defaults() {
        return new AvDigitsConfig(List.of("audio", "visual"), 2000, 1000, 7, 14, 0.4, 0.3, 10.0, 32, "image", 0.25, true);
    }
}
