package redreg.api.internal.engine.step;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.LossControl;
import redreg.api.ModalityForward;

/** The step as {@link redreg.api.Regulator#shapeLoss} sees it: the forward, and the loss's weights and terms to set. */
final class LossPhase extends ForwardPhase implements LossControl {

    LossPhase(StepState state) {
        super(state);
    }

    @Override
    public ModalityForward modality(String name) {
        return state.modality(name);
    }

    @Override
    public double fusedWeight() {
        return state.fusedWeight();
    }

    @Override
    public void setFusedWeight(double weight) {
        requireLossPhase("setFusedWeight");
        state.setFusedWeight(weight);
    }

    @Override
    public double unimodalWeight(String modality) {
        return state.unimodalWeight(modality);
    }

    @Override
    public void setUnimodalWeight(String modality, double weight) {
        requireLossPhase("setUnimodalWeight");
        state.setUnimodalWeight(modality, weight);
    }

    @Override
    public void addTerm(String name, double value, Map<String, INDArray> featureGradients) {
        requireLossPhase("addTerm");
        state.addTerm(name, value, featureGradients);
    }

    @Override
    public void scaleFeatures(String modality, INDArray scale) {
        requireLossPhase("scaleFeatures");
        state.scaleFeatures(modality, scale);
    }

    @Override
    public void setSampleWeights(INDArray weights) {
        requireLossPhase("setSampleWeights");
        state.setSampleWeights(weights);
    }

    @Override
    public void addLogitTerm(String name, double value, Map<String, INDArray> logitGradients) {
        requireLossPhase("addLogitTerm");
        state.addLogitTerm(name, value, logitGradients);
    }

    /** A plug-in that kept this view past its hook cannot change a loss already back-propagated. */
    private void requireLossPhase(String what) {
        if (state.backwardDone()) {
            throw new IllegalStateException(what + " is only possible in shapeLoss(), before backward");
        }
    }
}
