package redreg.tasks;

import java.util.List;
import redreg.api.ConfigException;

/**
 * Gaussian class prototypes per modality: x = signal · p_m[y] / ‖p_m[y]‖ + N(0, noise²). A larger signal makes a
 * modality more informative, so it dominates joint training.
 *
 * @param classes    number of classes
 * @param trainSize  training samples
 * @param testSize   test samples
 * @param noise      noise standard deviation
 * @param dataSeed   seed of the data (fixed across run seeds so seeds vary only the training)
 * @param modalities the modalities: name, sample shape, signal strength
 */
public record SyntheticConfig(int classes, int trainSize, int testSize, double noise, long dataSeed,
                              List<Modality> modalities) {

    /** @param shape [D], [T, D] or [C, H, W] */
    public record Modality(String name, List<Integer> shape, double signal) {
    }

    public SyntheticConfig {
        if (classes < 2) {
            throw new ConfigException("classes: expected at least 2, got " + classes);
        }
        if (modalities == null || modalities.size() < 2) {
            throw new ConfigException("modalities: expected at least 2 modalities");
        }
        if (trainSize < 1 || testSize < 1) {
            throw new ConfigException("trainSize/testSize: expected positive sizes");
        }
    }

    public static SyntheticConfig defaults() {
        return new SyntheticConfig(4, 1024, 512, 1.0, 7, List.of(
                new Modality("audio", List.of(32), 4.0),
                new Modality("visual", List.of(32), 2.0)));
    }
}
