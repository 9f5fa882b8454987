package redreg.tasks;

import java.util.List;
import redreg.api.Tasks;

/**
 * CMU-MOSI as the MulT-style pickle ({@code mosi_data.pkl}): a dict of {@code train}/{@code valid}/{@code test},
 * each a dict of {@code text} [N, T, 300], {@code audio} [N, T, 5|74], {@code vision} [N, T, 20|35] and
 * {@code labels} [N, 1, 1] in [−3, 3]; −inf values become 0. Every modality is a [T, D] sequence.
 *
 * @param path           the pickle file (relative paths resolve against the experiment file's folder)
 * @param modalities     any of {@code text}, {@code audio}, {@code vision}
 * @param trainSplit     the pickle key of the training split
 * @param testSplit      the pickle key evaluated on ({@code test} or {@code valid})
 * @param skipBadSamples skip (and report) samples holding NaN or +inf, or a non-finite label, instead of failing
 * @param standardize    standardise each modality with the mean and standard deviation of its training split
 *                       (one scalar pair per modality; recorded in the run's config)
 * @param target         {@code binary}: classification, positive when the score is ≥ 0; {@code seven-class}:
 *                       classification over round(clip(score, −3, 3)), classes −3..3; {@code regression}: the score
 *                       itself (MAE, Pearson r, Acc-2, Acc-7; module-docs/objectives.md)
 */
public record CmuMosiConfig(String path, List<String> modalities, String trainSplit, String testSplit,
                            boolean skipBadSamples, boolean standardize, Target target) {

    /** What the model predicts from the sentiment score. */
    public enum Target { BINARY, SEVEN_CLASS, REGRESSION }

    public CmuMosiConfig {
        modalities = Tasks.checkModalities(modalities, List.of("text", "audio", "vision"));
        target = target == null ? Target.BINARY : target;
    }

    public static CmuMosiConfig defaults() {
        return new CmuMosiConfig("", List.of("text", "audio", "vision"), "train", "test", false, false, Target.BINARY);
    }
}
