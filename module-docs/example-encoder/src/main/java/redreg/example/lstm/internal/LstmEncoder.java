package redreg.example.lstm.internal;

import java.util.Set;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.EncoderProvider;
import redreg.api.nn.EncoderGraph;
import redreg.example.lstm.LstmConfig;

/**
 * {@code lstm}: stacked LSTM layers over a [T, D] sample, then the maximum over time. The engine adds the feature
 * layer (featureSize units) after the pooling and drives the graph; this class only says how the graph looks.
 */
public final class LstmEncoder implements EncoderProvider<LstmConfig> {

    @Override
    public String name() {
        return "lstm";
    }

    @Override
    public String description() {
        return "stacked LSTM layers and the maximum over time for [T, D] samples (example plug-in)";
    }

    @Override
    public Class<LstmConfig> configType() {
        return LstmConfig.class;
    }

    @Override
    public LstmConfig defaults() {
        return LstmConfig.defaults();
    }

    /** [T, D] samples only. */
    @Override
    public Set<Integer> ranks() {
        return Set.of(2);
    }

    @Override
    public InputType inputType(long[] shape, LstmConfig config) {
        return InputType.recurrent(shape[1], shape[0]);
    }

    /** The task gives [B, T, D]; DL4J's recurrent layers read [B, D, T]. */
    @Override
    public INDArray adapt(INDArray batch, LstmConfig config) {
        return batch.permute(0, 2, 1).dup('c');
    }

    @Override
    public String addLayers(EncoderGraph g, String input, long[] shape, LstmConfig config) {
        String prev = input;
        for (int i = 0; i < config.layers(); i++) {
            prev = g.layer("lstm" + i, new LSTM.Builder().nOut(config.units()).activation(Activation.TANH).build(),
                    prev);
        }
        return g.layer("maxpool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), prev);
    }

    /** Stage i is LSTM layer i; the pooling is the head. */
    @Override
    public int stageOf(String layer, LstmConfig config) {
        return layer.equals("maxpool") ? -1 : Integer.parseInt(layer.substring("lstm".length()));
    }

    @Override
    public boolean hasStages() {
        return true;
    }
}
