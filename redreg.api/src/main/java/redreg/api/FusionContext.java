package redreg.api;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import redreg.api.stability.Stable;

/**
 * What a fusion is built for.
 *
 * @param modalities   modality names, in input order
 * @param featureSizes pooled feature size of each modality, same order
 * @param numClasses   output classes
 * @param dataType     floating-point type of the model
 * @param seed         seed for weight initialisation
 * @param stageShapes  per modality (same order), the shape of one sample at the output of each encoder stage
 *                     ([C, H, W], [C, T] or [C]): what a {@link MidFusion} can fuse
 */
@Stable(since = "0.1")
public record FusionContext(List<String> modalities, List<Integer> featureSizes, int numClasses,
                            DataType dataType, long seed, List<List<long[]>> stageShapes) {

    public FusionContext {
        stageShapes = stageShapes == null ? List.of() : List.copyOf(stageShapes);
    }

    /** A late-fusion context (no stage shapes). */
    public FusionContext(List<String> modalities, List<Integer> featureSizes, int numClasses, DataType dataType,
                         long seed) {
        this(modalities, featureSizes, numClasses, dataType, seed, List.of());
    }

    /** Index of a modality named in the fusion's config; a one-line error listing the valid ones otherwise. */
    public int indexOf(String modality, String configKey) {
        int i = modalities.indexOf(modality);
        if (i < 0) {
            throw ConfigException.at("fusion." + configKey, "unknown modality '" + modality + "'; "
                    + ConfigException.didYouMean(modality, modalities) + "valid modalities: "
                    + String.join(", ", modalities));
        }
        return i;
    }
}
