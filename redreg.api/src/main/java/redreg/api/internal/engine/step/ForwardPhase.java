package redreg.api.internal.engine.step;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ForwardPass;
import redreg.api.ForwardView;
import redreg.api.PassSpec;

/** What both phase views show of a step once its forward has run: a thin, read-only window on {@link StepState}. */
abstract class ForwardPhase implements ForwardView {
    final StepState state;

    ForwardPhase(StepState state) {
        this.state = state;
    }

    @Override
    public int epoch() {
        return state.clock().epoch();
    }

    @Override
    public int epochs() {
        return state.clock().epochs();
    }

    @Override
    public int stepInEpoch() {
        return state.clock().stepInEpoch();
    }

    @Override
    public int stepsPerEpoch() {
        return state.clock().stepsPerEpoch();
    }

    @Override
    public long globalStep() {
        return state.clock().globalStep();
    }

    @Override
    public List<String> modalities() {
        return state.modalityNames();
    }

    @Override
    public int phase() {
        return state.phase();
    }

    @Override
    public int phases() {
        return state.phases();
    }

    @Override
    public java.util.Set<String> droppedFeatures() {
        return state.dropped();
    }

    @Override
    public int[] labels() {
        return state.labels().clone();
    }

    @Override
    public int batchSize() {
        return state.labels().length;
    }

    @Override
    public int numClasses() {
        return state.model().numClasses();
    }

    @Override
    public INDArray fusedLogits() {
        return state.fusedLogits();
    }

    @Override
    public INDArray fusedProbabilities() {
        return state.fusedProbabilities();
    }

    @Override
    public long seed() {
        return state.seed();
    }

    @Override
    public ForwardPass pass(PassSpec spec) {
        ForwardPass pass = new ExtraPass(state.model(), state.inputs(), spec, state::backwardDone,
                m -> state.modality(m).touched());
        state.passRan();
        return pass;
    }

    @Override
    public void diagnostic(String name, double value) {
        state.diagnostic(name, value);
    }
}
