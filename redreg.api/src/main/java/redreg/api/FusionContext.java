package redreg.api;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a fusion is built for.
 *
 * @param modalities   modality names, in input order
 * @param featureSizes pooled feature size of each modality, same order
 * @param numClasses   output classes
 * @param dataType     floating-point type of the model
 * @param seed         seed for weight initialisation
 */
public record FusionContext(List<String> modalities, List<Integer> featureSizes, int numClasses,
                            DataType dataType, long seed) {

    /** Index of a modality named in the fusion's config; a one-line error listing the valid ones otherwise. */
    public int indexOf(String modality, String configKey) {
        int i = modalities.indexOf(modality);
        if (i < 0) {
            throw new ConfigException("fusion." + configKey + ": unknown modality '" + modality
                    + "'; valid modalities: " + String.join(", ", modalities));
        }
        return i;
    }
}
