package redreg.api;

import org.deeplearning4j.nn.conf.inputs.InputType;
import redreg.api.nn.EncoderGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/**
 * One modality's encoder as chosen and bound: the provider, its config record and the feature size.
 * The engine calls the provider only through this.
 */
@Experimental(since = "0.1", why = "the encoder SPI is new")
public record ModalityEncoder(EncoderProvider<?> provider, Record config, int featureSize) {

    /** The provider's name ({@code model.encoder.kind} as resolved). */
    public String kind() {
        return provider.name();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private EncoderProvider<Record> p() {
        return (EncoderProvider) provider;
    }

    public InputType inputType(long[] sampleShape) {
        return p().inputType(sampleShape, config);
    }

    public INDArray adapt(INDArray batch) {
        return p().adapt(batch, config);
    }

    public String addLayers(EncoderGraph graph, String input, long[] sampleShape) {
        return p().addLayers(graph, input, sampleShape, config);
    }

    public boolean hasStages() {
        return provider.hasStages();
    }

    public int stageOf(String layer) {
        return p().stageOf(layer, config);
    }
}
