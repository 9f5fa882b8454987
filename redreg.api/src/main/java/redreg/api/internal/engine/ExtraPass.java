package redreg.api.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ForwardPass;
import redreg.api.PassSpec;
import redreg.api.nn.Param;

/**
 * An extra forward pass over a step's batch with some inputs replaced (AGM's zeroed-modality passes, say).
 * A kept pass stores only its inputs and mode: its backward recomputes the forward, because a DL4J graph holds
 * the activations of one forward at a time and the step's own must survive until its backward.
 */
final class ExtraPass implements ForwardPass {
    private final MultimodalModel model;
    private final StepData step;
    private final PassSpec spec;
    private final Map<String, INDArray> inputs;
    private final Map<String, INDArray> features = new LinkedHashMap<>();
    private final Map<String, INDArray> logits = new LinkedHashMap<>();
    private final INDArray fusedLogits;

    /** Runs passes for a step (one per trainer: it knows the model). */
    interface Runner {
        ForwardPass run(StepData step, PassSpec spec);
    }

    static Runner runner(MultimodalModel model) {
        return (step, spec) -> new ExtraPass(model, step, spec);
    }

    private ExtraPass(MultimodalModel model, StepData step, PassSpec spec) {
        this.model = model;
        this.step = step;
        this.spec = spec;
        this.inputs = inputsOf(step, spec);
        List<INDArray> z = new ArrayList<>();
        for (String m : model.modalities()) {
            // encode() leaves no trace in the graph; train mode uses batch statistics without updating the running ones
            INDArray f = model.encoder(m).encode(inputs.get(m), spec.trainMode());
            features.put(m, f);
            logits.put(m, model.head(m).forward(f));
            z.add(f);
        }
        this.fusedLogits = model.fusion().forward(z, spec.trainMode());
    }

    private static Map<String, INDArray> inputsOf(StepData step, PassSpec spec) {
        for (String m : spec.zeroed()) {
            step.modality(m);
        }
        for (String m : spec.replaced().keySet()) {
            step.modality(m);
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (StepData.Modality m : step.modalityList()) {
            INDArray x = m.input;
            if (spec.zeroed().contains(m.name)) {
                x = x.ulike().assign(0);
            } else if (spec.replaced().containsKey(m.name)) {
                INDArray r = spec.replaced().get(m.name);
                if (!java.util.Arrays.equals(r.shape(), x.shape())) {
                    throw new IllegalArgumentException("pass: replacement for " + m.name + " has shape "
                            + java.util.Arrays.toString(r.shape()) + ", the batch has " + java.util.Arrays.toString(x.shape()));
                }
                x = r.castTo(x.dataType());
            }
            out.put(m.name, x);
        }
        return out;
    }

    @Override
    public PassSpec spec() {
        return spec;
    }

    @Override
    public INDArray fusedLogits() {
        return fusedLogits;
    }

    @Override
    public INDArray features(String modality) {
        step.modality(modality);
        return features.get(modality);
    }

    @Override
    public INDArray logits(String modality) {
        step.modality(modality);
        return logits.get(modality);
    }

    @Override
    public void backward(INDArray fusedLogitGradient) {
        if (!spec.kept()) {
            throw new IllegalStateException("pass.backward: the pass was not kept; ask for PassSpec...keep()");
        }
        if (!step.backwardDone()) {
            throw new IllegalStateException("pass.backward is available in regulate(), after the step's backward");
        }
        List<INDArray> z = new ArrayList<>();
        for (String m : model.modalities()) {
            z.add(features.get(m));
        }
        List<Param> fusionParams = model.fusion().parameters();
        List<INDArray> saved = new ArrayList<>();
        fusionParams.forEach(p -> saved.add(p.gradient().dup()));
        model.fusion().forward(z, spec.trainMode());
        List<INDArray> dz = model.fusion().backward(fusedLogitGradient);
        for (int i = 0; i < fusionParams.size(); i++) {
            fusionParams.get(i).gradient().addi(saved.get(i));
        }
        for (int i = 0; i < model.modalities().size(); i++) {
            String m = model.modalities().get(i);
            EncoderNet e = model.encoder(m);
            if (spec.trainMode()) {
                e.forward(inputs.get(m), true);
                e.accumulateBackward(dz.get(i));
            } else {
                e.accumulateEvalBackward(inputs.get(m), dz.get(i));
            }
            step.mod(m).gradientsTouched = true;
        }
    }
}
