package redreg.api.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * How a modality's encoder is chosen: {@code {kind: cnn, featureSize: 64, width: 8, …}}. Every key besides
 * {@code kind} and {@code featureSize} belongs to the chosen encoder's config record (see the Encoders section;
 * {@code redreg list} prints them).
 *
 * @param kind        an encoder plug-in's name ({@code cnn}, {@code resnet18}, {@code mlp}, {@code sequence},
 *                    {@code transformer}, or any other found), or {@code auto}: chosen from the sample's rank
 *                    ([C,H,W] → cnn, [T,D] → sequence, [D] → mlp)
 * @param featureSize size of the feature z_m: every encoder ends with a dense ReLU layer of this many units
 * @param options     the chosen encoder's own keys (written next to {@code kind}, not under {@code options})
 */
@Experimental(since = "0.1", why = "encoder keys grow with the encoder SPI")
public record EncoderSpec(String kind, @Range(min = 1) int featureSize, ObjectNode options) {

    public EncoderSpec {
        options = options == null ? JsonNodeFactory.instance.objectNode() : options.deepCopy();
    }

    /** A built-in encoder with the common width and depth keys (cnn, mlp, sequence, transformer). */
    public EncoderSpec(String kind, int width, int depth, int featureSize) {
        this(kind, featureSize, JsonNodeFactory.instance.objectNode().put("width", width).put("depth", depth));
    }

    @Override
    public ObjectNode options() {
        return options.deepCopy();
    }

    public static EncoderSpec defaults() {
        return new EncoderSpec("auto", 64, null);
    }
}
