package redreg.testkit;

import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ForwardPass;
import redreg.api.PassSpec;

/** An extra pass of a {@link TestStep}: the fused logits the test gave; a backward adds up into the step's record. */
final class TestPass implements ForwardPass {
    private final PassSpec spec;
    private final INDArray logits;
    private final Map<Set<String>, INDArray> backwards;

    TestPass(PassSpec spec, INDArray logits, Map<Set<String>, INDArray> backwards) {
        this.spec = spec;
        this.logits = logits;
        this.backwards = backwards;
    }

    @Override
    public PassSpec spec() {
        return spec;
    }

    @Override
    public INDArray fusedLogits() {
        return logits;
    }

    @Override
    public INDArray features(String modality) {
        throw new UnsupportedOperationException("TestStep's passes have fused logits only");
    }

    @Override
    public INDArray logits(String modality) {
        throw new UnsupportedOperationException("TestStep's passes have fused logits only");
    }

    @Override
    public void backward(INDArray fusedLogitGradient) {
        if (!spec.kept()) {
            throw new IllegalStateException("backward of a pass that was not kept");
        }
        backwards.merge(spec.zeroed(), fusedLogitGradient.dup(), INDArray::add);
    }
}
