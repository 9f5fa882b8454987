package redreg.tasks;

import java.util.List;
import redreg.api.ConfigException;
import redreg.api.Range;
import redreg.api.Tasks;

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
 * @param use        which of {@code modalities} to train, by name (e.g. {@code [visual]} for a unimodal baseline
 *                   on exactly the same samples: every modality is still drawn); unset: all of them
 * @param standardize standardise each modality with the mean and standard deviation of its training split
 * @param target     {@code classification} (the prototypes above) or {@code regression}: every entry of x_m drawn
 *                   from N(0, 1) and the real target t = Σ_m signal_m·⟨u_m, x_m⟩ + N(0, noise²), u_m a fixed random
 *                   unit vector per modality (a known linear target; {@code classes} is not used)
 */
public record SyntheticConfig(@Range(min = 2) int classes, @Range(min = 1) int trainSize, @Range(min = 1) int testSize,
                              @Range(min = 0) double noise, @Range long dataSeed, List<Modality> modalities,
                              List<String> use, boolean standardize, Target target) {

    /** What the samples' truth is: a class out of {@code classes}, or a real target. */
    public enum Target { CLASSIFICATION, REGRESSION }

    /**
     * @param name   the modality's name
     * @param shape  [D], [T, D] or [C, H, W]
     * @param signal norm of the class prototypes: how informative the modality is
     */
    public record Modality(String name, @Range(min = 1) List<Integer> shape, @Range(min = 0) double signal) {
        public Modality {
            if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
                throw ConfigException.at("name", "expected a modality name (letters, digits, _ . -), got " + name);
            }
            if (shape == null || shape.isEmpty() || shape.size() > 3) {
                throw ConfigException.at("shape", "expected [D], [T, D] or [C, H, W], got " + shape);
            }
        }
    }

    public SyntheticConfig {
        if (modalities == null || modalities.isEmpty()) {
            throw ConfigException.at("modalities", "expected at least one modality");
        }
        List<String> names = modalities.stream().map(Modality::name).toList();
        for (String n : names) {
            if (names.indexOf(n) != names.lastIndexOf(n)) {
                throw ConfigException.at("modalities", "the name '" + n + "' is used twice");
            }
        }
        use = use == null ? null : Tasks.checkModalities("use", use, names);
        target = target == null ? Target.CLASSIFICATION : target;
    }

    public static SyntheticConfig defaults() {
        return new SyntheticConfig(4, 1024, 512, 1.0, 7, List.of(
                new Modality("audio", List.of(32), 4.0),
                new Modality("visual", List.of(32), 2.0)), null, false, Target.CLASSIFICATION);
    }
}
