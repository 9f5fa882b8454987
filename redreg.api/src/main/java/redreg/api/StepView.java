package redreg.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/** One training step between backward and the optimizer update, as a regulator sees it. */
@Stable(since = "0.1")
public interface StepView extends ForwardView {

    @Override
    ModalityStep modality(String name);

    /** Whether the unimodal heads' losses are part of the total loss in this run's config (the paper's "*" setting). */
    boolean unimodalLosses();

    /** The loss weights this step was trained with (after every {@link Regulator#shapeLoss}). */
    LossWeights lossWeights();

    /** The total loss of the step (weighted parts and terms). */
    double loss();

    /** Gradients of the fusion block and fused head's parameters, by name; mutable views. */
    Map<String, INDArray> fusionGradients();
}
