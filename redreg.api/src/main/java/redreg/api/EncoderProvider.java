package redreg.api;

import java.util.Set;
import org.deeplearning4j.nn.conf.inputs.InputType;
import redreg.api.nn.EncoderGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/**
 * A service that builds a modality's encoder; {@code provides redreg.api.EncoderProvider with …}. Chosen in YAML by
 * {@code model.encoder.kind} (every modality) or {@code model.encoders.<modality>.kind}; the other keys of that
 * block, except {@code featureSize}, bind onto the provider's config record.
 *
 * <p>The provider adds the layers from the modality's input to a pooled vector ({@link #addLayers}); the engine
 * ends every encoder with its dense ReLU feature layer z_m ({@code featureSize} units) and drives the graph with
 * external errors, so per-part gradients, the eval twin, forks, snapshots and blends work for any encoder made of
 * DL4J layers. Mid-fusions (MMTM) cut the encoder into stages: a provider that supports them says which stage
 * each of its layers belongs to ({@link #stageOf}).
 *
 * @param <C> the encoder's config record
 */
@Experimental(since = "0.1", why = "the encoder SPI is new")
public interface EncoderProvider<C extends Record> extends Plugin<C> {

    /** The sample ranks this encoder accepts ([C, H, W]: 3, [T, D]: 2, [D]: 1); empty: any rank. */
    Set<Integer> ranks();

    /** {@code kind: auto} chooses this encoder for samples of this rank; 0: never. */
    default int autoRank() {
        return 0;
    }

    /** DL4J's input type for a sample shape (the task's layout, without the batch axis). */
    InputType inputType(long[] sampleShape, C config);

    /** A batch [B, sample shape …] in the task's layout, converted to the layout of {@link #inputType}. */
    default INDArray adapt(INDArray batch, C config) {
        return batch;
    }

    /**
     * Adds the encoder's layers, reading from {@code input}; returns the full name of the last vertex, whose output
     * is a vector per sample (the engine's feature layer follows it).
     */
    String addLayers(EncoderGraph graph, String input, long[] sampleShape, C config);

    /**
     * The stage of one of its (unprefixed) layers, counted from 0, or −1 for the head after the last stage
     * (pooling). Mid-fusion feeds each stage's output to the fusion block; stages must follow each other in the
     * graph. Encoders without stages keep this default, and a mid-fusion then fails with one line naming them.
     */
    default int stageOf(String layer, C config) {
        throw new UnsupportedOperationException("encoder '" + name() + "' declares no stages");
    }

    /** Whether {@link #stageOf} is implemented. */
    default boolean hasStages() {
        return false;
    }
}
