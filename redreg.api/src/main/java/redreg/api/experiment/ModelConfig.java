package redreg.api.experiment;

import redreg.api.config.EncoderSpec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import redreg.api.stability.Experimental;

/**
 * @param encoder  encoder used for every modality
 * @param encoders per-modality overrides of {@code encoder}'s keys, e.g. {@code {visual: {width: 8}}}
 * @param dtype    {@code float} or {@code double}
 */
@Experimental(since = "0.1", why = "a record: new keys add components")
public record ModelConfig(EncoderSpec encoder, ObjectNode encoders, String dtype) {

    public static ModelConfig defaults() {
        return new ModelConfig(EncoderSpec.defaults(), null, "float");
    }
}
