package redreg.api.internal.engine.step;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.LossWeights;
import redreg.api.ModalityStep;
import redreg.api.StepView;

/** The step as {@link redreg.api.Regulator#regulate} sees it: after backward, with the gradients to rewrite. */
final class RegulatePhase extends ForwardPhase implements StepView {

    RegulatePhase(StepState state) {
        super(state);
    }

    @Override
    public ModalityStep modality(String name) {
        return state.modality(name);
    }

    @Override
    public boolean unimodalLosses() {
        return state.unimodalLosses();
    }

    @Override
    public LossWeights lossWeights() {
        return new LossWeights(state.fusedWeight(), state.unimodalWeights());
    }

    @Override
    public double loss() {
        return state.loss();
    }

    @Override
    public Map<String, INDArray> fusionGradients() {
        state.requireBackward("fusionGradients()");
        return ModalityState.byName(state.model().fusion().parameters());
    }
}
