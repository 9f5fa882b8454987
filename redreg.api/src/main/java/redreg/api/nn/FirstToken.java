package redreg.api.nn;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import redreg.api.stability.Experimental;

/** First-token pooling of a sequence: [B, C, T] → [B, C], the features of time step 0 (BERT's [CLS] read-out). */
@Experimental(since = "0.1", why = "the Transformer encoder's layers are new")
public class FirstToken extends SameDiffLambdaLayer {

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x) {
        return SameDiffFix.halveGradient(sd, x.get(SDIndex.all(), SDIndex.all(), SDIndex.point(0)));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(((InputType.InputTypeRecurrent) inputType).getSize());
    }
}
