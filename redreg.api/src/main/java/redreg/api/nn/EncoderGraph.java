package redreg.api.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import redreg.api.stability.Experimental;

/**
 * Where an {@link EncoderProvider} adds its layers: a DL4J graph under a name prefix. Names passed to
 * {@link #layer} and {@link #vertex} are the encoder's own (unprefixed); both return the full name, which is what
 * later layers take as input (the encoder's input name is passed in full already).
 */
@Experimental(since = "0.1", why = "the encoder SPI is new")
public interface EncoderGraph {

    /** Adds a layer; returns its full name. */
    String layer(String name, Layer layer, String... inputs);

    /** Adds a vertex (element-wise sums, merges …); returns its full name. */
    String vertex(String name, GraphVertex vertex, String... inputs);

    /**
     * A batch-normalization layer. Use this instead of {@code new BatchNormalization()}: for the encoder's
     * eval-mode twin (through which the engine back-propagates eval-mode passes, e.g. AGM's) the engine hands out a
     * frozen per-channel affine map of the same name and parameters here.
     */
    Layer batchNorm();

    /** A graph of plain layers (batch norm is batch norm), e.g. for building an encoder outside the engine. */
    static EncoderGraph of(GraphBuilder g, String prefix) {
        return new EncoderGraph() {
            @Override
            public String layer(String name, Layer layer, String... inputs) {
                g.addLayer(prefix + name, layer, inputs);
                return prefix + name;
            }

            @Override
            public String vertex(String name, GraphVertex vertex, String... inputs) {
                g.addVertex(prefix + name, vertex, inputs);
                return prefix + name;
            }

            @Override
            public Layer batchNorm() {
                return new BatchNormalization.Builder().build();
            }
        };
    }
}
