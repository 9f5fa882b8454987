package redreg.api.internal.engine.step;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ForwardPass;
import redreg.api.PassSpec;
import redreg.api.internal.engine.model.EncoderNet;
import redreg.api.internal.engine.model.MultimodalModel;
import redreg.api.nn.Param;

/**
 * An extra forward pass over a step's batch with some inputs replaced (AGM's zeroed-modality passes, say).
 * A kept pass stores only its inputs and mode: its backward recomputes the forward, because a DL4J graph holds
 * the activations of one forward at a time and the step's own must survive until its backward. It knows the step
 * only by its inputs and two callbacks, so it never reaches into the step's state.
 */
final class ExtraPass implements ForwardPass {
    private final MultimodalModel model;
    private final PassSpec spec;
    private final Map<String, INDArray> inputs;
    private final BooleanSupplier stepBackwardDone;
    private final Consumer<String> gradientsTouched;
    private final Map<String, INDArray> features = new LinkedHashMap<>();
    private final Map<String, INDArray> logits = new LinkedHashMap<>();
    private final INDArray fusedLogits;

    /**
     * @param stepInputs       the step's inputs by modality (model order)
     * @param stepBackwardDone whether the step's own backward has run (a kept pass back-propagates only after it)
     * @param gradientsTouched told the modality whose live gradients a backward added to
     */
    ExtraPass(MultimodalModel model, Map<String, INDArray> stepInputs, PassSpec spec, BooleanSupplier stepBackwardDone,
              Consumer<String> gradientsTouched) {
        this.model = model;
        this.spec = spec;
        this.stepBackwardDone = stepBackwardDone;
        this.gradientsTouched = gradientsTouched;
        this.inputs = inputsOf(stepInputs, spec);
        // encode leaves no trace in the graphs; train mode uses batch statistics without updating the running ones
        List<INDArray> z = model.encodeFeatures(inputs, spec.trainMode());
        for (int i = 0; i < z.size(); i++) {
            String m = model.modalities().get(i);
            features.put(m, z.get(i));
            logits.put(m, model.head(m).forward(z.get(i)));
        }
        this.fusedLogits = model.fusion().forward(z, spec.trainMode());
    }

    private static Map<String, INDArray> inputsOf(Map<String, INDArray> step, PassSpec spec) {
        spec.zeroed().forEach(m -> check(step, m));
        spec.replaced().keySet().forEach(m -> check(step, m));
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (var e : step.entrySet()) {
            String m = e.getKey();
            INDArray x = e.getValue();
            if (spec.zeroed().contains(m)) {
                x = x.ulike().assign(0);
            } else if (spec.replaced().containsKey(m)) {
                INDArray r = spec.replaced().get(m);
                if (!Arrays.equals(r.shape(), x.shape())) {
                    throw new IllegalArgumentException("pass: replacement for " + m + " has shape "
                            + Arrays.toString(r.shape()) + ", the batch has " + Arrays.toString(x.shape()));
                }
                x = r.castTo(x.dataType());
            }
            out.put(m, x);
        }
        return out;
    }

    private static void check(Map<String, INDArray> step, String modality) {
        if (!step.containsKey(modality)) {
            throw new IllegalArgumentException("no modality '" + modality + "'; modalities: " + step.keySet());
        }
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
        check(inputs, modality);
        return features.get(modality);
    }

    @Override
    public INDArray logits(String modality) {
        check(inputs, modality);
        return logits.get(modality);
    }

    @Override
    public void backward(INDArray fusedLogitGradient) {
        if (!spec.kept()) {
            throw new IllegalStateException("pass.backward: the pass was not kept; ask for PassSpec...keep()");
        }
        if (!stepBackwardDone.getAsBoolean()) {
            throw new IllegalStateException("pass.backward is available in regulate(), after the step's backward");
        }
        if (model.hasMidFusion()) {
            throw new IllegalStateException("pass.backward is not supported with a mid-fusion yet (kept passes recompute"
                    + " each encoder alone)");
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
            // Without a mid-fusion (refused above) every encoder is a single graph.
            EncoderNet e = (EncoderNet) model.encoder(m);
            if (spec.trainMode()) {
                e.forward(inputs.get(m), true);
                e.accumulateBackward(dz.get(i));
            } else {
                e.accumulateEvalBackward(inputs.get(m), dz.get(i));
            }
            gradientsTouched.accept(m);
        }
    }
}
