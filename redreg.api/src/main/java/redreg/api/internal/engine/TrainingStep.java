package redreg.api.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Batch;
import redreg.api.Regulator;
import redreg.api.config.LossConfig;
import redreg.api.nn.Param;

/**
 * The order of one training step: beforeStep → forward → shapeLoss → backward → regulate → weight decay and
 * update. Plug-ins decide through those hooks; this class alone touches the model's buffers in between.
 */
final class TrainingStep {
    private final MultimodalModel model;
    private final List<Regulator> regulators;
    private final Optimizer optimizer;
    private final LossConfig losses;
    private final long seed;
    private final ExtraPass.Runner passes;
    private boolean registered;
    private Runnable afterRegistration = () -> { };

    TrainingStep(MultimodalModel model, List<Regulator> regulators, Optimizer optimizer, LossConfig losses, long seed) {
        this.model = model;
        this.regulators = regulators;
        this.optimizer = optimizer;
        this.losses = losses;
        this.seed = seed;
        this.passes = ExtraPass.runner(model);
    }

    /** Called once the optimizer knows every parameter (forks copy the optimizer state then). */
    void afterRegistration(Runnable action) {
        this.afterRegistration = action;
    }

    /** A whole step; {@code clock} says where in the run it is. Returns the step's view (its loss, diagnostics). */
    StepData run(Batch batch, StepClock clock, StepStats stats) {
        BatchControlImpl control = new BatchControlImpl(batch, clock.epoch(), clock.epochs(), clock.globalStep(), seed);
        regulators.forEach(r -> r.beforeStep(control));
        StepData view = forwardBackward(control.inputs(), batch.labels(), clock, stats);
        for (Regulator r : regulators) {
            r.regulate(view);
        }
        stats.afterRegulate(view);
        optimizer.step();
        NativeMemory.afterStep(); // frees the step's off-heap buffers in time (see NativeMemory)
        return view;
    }

    /**
     * Forward, the regulators' shapeLoss and backward of one batch, without regulate or update: afterwards every
     * gradient buffer holds d(total loss)/d(parameter).
     */
    StepData forwardBackward(Map<String, INDArray> inputs, int[] labels, StepClock clock, StepStats stats) {
        StepData view = new StepData(model);
        clock.applyTo(view);
        view.labels = labels;
        view.unimodal = losses.unimodal();
        view.seed = seed;
        view.passes = passes;
        for (String m : model.modalities()) {
            view.unimodalWeights.put(m, losses.unimodal() ? losses.unimodalWeight() : 0.0);
            StepData.Modality mv = view.new Modality(m, model.encoder(m));
            mv.input = inputs.get(m);
            view.modalities.put(m, mv);
        }
        forward(view);
        if (stats != null) {
            stats.begin(clock.globalStep(), clock.epoch());
            view.diagnostics = stats::put;
        }
        for (Regulator r : regulators) {
            r.shapeLoss(view);
        }
        if (view.forwardClobbered) {
            forward(view);
        }
        backward(view);
        view.phase = StepData.Phase.BACKWARD_DONE;
        if (stats != null) {
            stats.loss(view.loss);
        }
        if (!registered) {
            registerParameters();
            registered = true;
            afterRegistration.run();
        }
        return view;
    }

    private void forward(StepData view) {
        List<StepData.Modality> ms = view.modalityList();
        List<INDArray> features = model.forwardFeatures(ms.stream().map(mv -> mv.input).toList(), true);
        for (int i = 0; i < features.size(); i++) {
            ms.get(i).features = features.get(i);
        }
        view.fusedLogits = model.fusion().forward(features, true);
        view.fusedProbabilities = Losses.softmax(view.fusedLogits);
        for (StepData.Modality mv : ms) {
            mv.logits = model.head(mv.name).forward(mv.features);
            mv.probabilities = Losses.softmax(mv.logits);
            mv.trueClass = Losses.trueClass(mv.probabilities, view.labels);
        }
    }

    /**
     * total = w_f·CE(fused) + Σ_m w_m·CE(head_m) + Σ terms. A part of weight 0 still trains its own head (with
     * weight 1) on detached features, so heads stay meaningful; only parts of positive weight reach the encoders.
     */
    private void backward(StepData view) {
        INDArray y = Losses.oneHot(view.labels, model.numClasses(), view.fusedLogits);
        double wf = view.fusedWeight;
        double loss = 0;
        if (wf > 0) {
            loss += wf * Losses.crossEntropy(view.fusedProbabilities, view.labels);
        }
        List<INDArray> dzFused = model.fusion().backward(Losses.logitGradient(view.fusedProbabilities, y, wf > 0 ? wf : 1.0));
        List<StepData.Modality> ms = view.modalityList();
        List<INDArray> dz = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            StepData.Modality mv = ms.get(i);
            double wm = view.unimodalWeights.get(mv.name);
            INDArray dzHead = model.head(mv.name).backward(Losses.logitGradient(mv.probabilities, y, wm > 0 ? wm : 1.0));
            if (wf > 0) {
                mv.featureGradientParts.put(StepData.FUSED, dzFused.get(i));
            }
            if (wm > 0) {
                loss += wm * Losses.crossEntropy(mv.probabilities, view.labels);
                mv.featureGradientParts.put(StepData.UNIMODAL, dzHead);
            }
            for (var t : view.terms.entrySet()) {
                INDArray g = t.getValue().featureGradients().get(mv.name);
                if (g != null) {
                    mv.featureGradientParts.put(t.getKey(), g.castTo(mv.features.dataType()));
                }
            }
            dz.add(sum(mv));
        }
        // Each encoder alone, or all of them stage by stage through the mid-fusion.
        model.backwardFeatures(dz);
        for (StepData.Term t : view.terms.values()) {
            loss += t.value();
        }
        view.loss = loss;
    }

    /** The parts in order, summed left to right (one part is passed as is, so joint training is unchanged). */
    private static INDArray sum(StepData.Modality mv) {
        INDArray total = null;
        for (INDArray part : mv.featureGradientParts.values()) {
            total = total == null ? part : total.add(part);
        }
        return total != null ? total : mv.features.ulike().assign(0);
    }

    /** The optimizer's parameters: nothing is registered until the first backward created the gradient views. */
    private void registerParameters() {
        for (String m : model.modalities()) {
            Encoder e = model.encoder(m);
            e.parameters().forEach((k, v) -> optimizer.add(v, e.gradients().get(k)));
            e.stateParameters().forEach((k, v) -> optimizer.addState(v, e.stateGradients().get(k)));
        }
        for (Param p : model.headParameters()) {
            optimizer.add(p.value(), p.gradient());
        }
    }

    /** The total loss of a batch in training mode (batch statistics), without touching any gradient. */
    double loss(Map<String, INDArray> inputs, int[] labels) {
        List<INDArray> features = model.encodeFeatures(inputs, true);
        double loss = Losses.crossEntropy(Losses.softmax(model.fusion().forward(features, true)), labels);
        if (losses.unimodal()) {
            for (int i = 0; i < model.modalities().size(); i++) {
                INDArray p = Losses.softmax(model.head(model.modalities().get(i)).forward(features.get(i)));
                loss += losses.unimodalWeight() * Losses.crossEntropy(p, labels);
            }
        }
        return loss;
    }
}
