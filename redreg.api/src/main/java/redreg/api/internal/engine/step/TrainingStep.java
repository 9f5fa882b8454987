package redreg.api.internal.engine.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Batch;
import redreg.api.Clock;
import redreg.api.LossControl;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.config.LossConfig;
import redreg.api.internal.engine.NativeMemory;
import redreg.api.internal.engine.model.Encoder;
import redreg.api.internal.engine.model.ObjectiveLoss;
import redreg.api.internal.engine.model.MultimodalModel;
import redreg.api.nn.Linear;
import redreg.api.nn.Param;

/**
 * The order of one training step: beforeStep → forward → shapeLoss → backward → regulate → weight decay and
 * update. Plug-ins decide through those hooks; this class alone touches the model's buffers in between.
 */
public final class TrainingStep {
    private final MultimodalModel model;
    private final List<Regulator> regulators;
    private final Optimizer optimizer;
    private final LossConfig losses;
    private final long seed;
    private boolean registered;
    private Runnable afterRegistration = () -> { };

    public TrainingStep(MultimodalModel model, List<Regulator> regulators, Optimizer optimizer, LossConfig losses, long seed) {
        this.model = model;
        this.regulators = regulators;
        this.optimizer = optimizer;
        this.losses = losses;
        this.seed = seed;
    }

    /** Called once the optimizer knows every parameter (forks copy the optimizer state then). */
    public void afterRegistration(Runnable action) {
        this.afterRegistration = action;
    }

    /** A whole step; {@code clock} says where in the run it is. Returns the step as regulate saw it (its loss). */
    public StepView run(Batch batch, Clock clock, StepStats stats) {
        BatchControlImpl control = new BatchControlImpl(batch, clock, seed);
        regulators.forEach(r -> r.beforeStep(control));
        int phases = control.phases();
        StepView view = null;
        double loss = 0;
        // Each phase is a whole step on the same batch (BatchControl.setPhases); one diagnostics row for them all.
        for (int p = 0; p < phases; p++) {
            BatchControlImpl c = control;
            if (p > 0) {
                c = new BatchControlImpl(batch, clock, seed, p, phases);
                for (Regulator r : regulators) {
                    r.beforeStep(c);
                }
            }
            view = forwardBackward(c, new ObjectiveLoss.Truth(batch.labels(), batch.targets()), clock, stats, p == 0);
            for (Regulator r : regulators) {
                r.regulate(view);
            }
            loss += view.loss();
            if (phases > 1) {
                stats.loss(loss); // the row's loss: the phases' losses summed
            }
            if (p == phases - 1) {
                stats.afterRegulate(view);
            }
            optimizer.step();
            NativeMemory.afterStep(); // frees the step's off-heap buffers in time (see NativeMemory)
        }
        return view;
    }

    /**
     * Forward, the regulators' shapeLoss and backward of one batch, without regulate or update: afterwards every
     * gradient buffer holds d(total loss)/d(parameter). Returns the step's view for regulate.
     */
    public StepView forwardBackward(Batch batch, Clock clock, StepStats stats) {
        return forwardBackward(new BatchControlImpl(batch, clock, seed),
                new ObjectiveLoss.Truth(batch.labels(), batch.targets()), clock, stats, true);
    }

    private StepView forwardBackward(BatchControlImpl batch, ObjectiveLoss.Truth truth, Clock clock, StepStats stats,
                                     boolean newRow) {
        StepState state = new StepState(model, clock, batch.inputs(), truth, losses, seed);
        state.phase(batch.phase(), batch.phases(), batch.dropped());
        forward(state);
        if (stats != null) {
            if (newRow) {
                stats.begin(clock.globalStep(), clock.epoch());
            }
            state.diagnosticsTo(stats::put);
        }
        LossPhase loss = new LossPhase(state);
        for (Regulator r : regulators) {
            r.shapeLoss(loss);
        }
        if (state.forwardClobbered()) {
            forward(state);
        }
        backward(state);
        if (stats != null) {
            stats.loss(state.loss());
        }
        if (!registered) {
            registerParameters();
            registered = true;
            afterRegistration.run();
        }
        return new RegulatePhase(state);
    }

    private void forward(StepState state) {
        List<ModalityState> ms = state.modalityList();
        List<INDArray> features = model.forwardFeatures(ms.stream().map(ModalityState::input).toList(), true);
        List<INDArray> fusionInput = features;
        if (!state.dropped().isEmpty()) {
            fusionInput = new ArrayList<>(features);
            for (int i = 0; i < ms.size(); i++) {
                if (state.dropped().contains(ms.get(i).name())) {
                    fusionInput.set(i, features.get(i).ulike().assign(0));
                }
            }
        }
        INDArray fusedLogits = model.fusion().forward(fusionInput, true);
        ObjectiveLoss objective = model.loss();
        state.fused(fusedLogits, objective.outputs(fusedLogits));
        for (int i = 0; i < ms.size(); i++) {
            ModalityState mv = ms.get(i);
            INDArray logits = model.head(mv.name()).forward(features.get(i));
            INDArray p = objective.outputs(logits);
            mv.forwardDone(features.get(i), logits, p, objective.trueClass(p, state.truth()));
        }
    }

    /**
     * total = w_f·L(fused) + Σ_m w_m·L(head_m) + Σ terms, L the objective's loss (cross-entropy, MSE or L1). A part of weight 0 still trains its own head (with
     * weight 1) on detached features, so heads stay meaningful; only parts of positive weight reach the encoders.
     * A term on logits trains the head it is on (a modality's, or the fusion block) and reaches the encoders
     * through it, as a part of its own.
     */
    private void backward(StepState state) {
        ObjectiveLoss.Truth truth = state.truth();
        ObjectiveLoss objective = model.loss();
        List<ModalityState> ms = state.modalityList();
        if (!state.featureScales().isEmpty()) {
            fusedOnScaledFeatures(state, ms);
        }
        double wf = state.fusedWeight();
        INDArray w = state.sampleWeights();
        double loss = 0;
        if (wf > 0) {
            loss += wf * objective.loss(state.fusedProbabilities(), truth, w);
        }
        INDArray fusedCE = objective.gradient(state.fusedProbabilities(), truth, wf > 0 ? wf : 1.0);
        if (w != null) {
            fusedCE.muliColumnVector(w.castTo(fusedCE.dataType()));
        }
        List<INDArray> dzFused = scaledBack(state, ms, model.fusion().backward(fusedCE));
        // dz of each fused-logit term (the fusion's backward is linear in its input), then the block's parameter
        // gradients of the whole: the last backward assigns them.
        Map<String, List<INDArray>> dzFusedTerms = new LinkedHashMap<>();
        INDArray fusedTotal = null;
        for (var t : logitTermsAt(state, LossControl.FUSED, fusedCE).entrySet()) {
            dzFusedTerms.put(t.getKey(), scaledBack(state, ms, model.fusion().backward(t.getValue())));
            fusedTotal = (fusedTotal == null ? fusedCE.dup() : fusedTotal).addi(t.getValue());
        }
        if (fusedTotal != null) {
            model.fusion().backward(fusedTotal);
        }
        List<INDArray> dz = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            ModalityState mv = ms.get(i);
            double wm = state.unimodalWeights().get(mv.name());
            Linear head = model.head(mv.name());
            INDArray headCE = objective.gradient(mv.probabilities(), truth, wm > 0 ? wm : 1.0);
            Map<String, INDArray> headTerms = logitTermsAt(state, mv.name(), headCE);
            INDArray headTotal = headCE;
            for (INDArray g : headTerms.values()) {
                headTotal = (headTotal == headCE ? headCE.dup() : headTotal).addi(g);
            }
            INDArray dzHead = head.backward(headTotal);
            if (!headTerms.isEmpty()) {
                dzHead = headCE.mmul(head.weight().value()); // the head is linear: each part's dz is g·W
            }
            // A modality whose features the fusion did not see gets nothing through it.
            boolean seen = !state.dropped().contains(mv.name());
            if (wf > 0 && seen) {
                mv.addPart(LossControl.FUSED, dzFused.get(i));
            }
            if (wm > 0) {
                loss += wm * objective.loss(mv.probabilities(), truth, null);
                mv.addPart(LossControl.UNIMODAL, dzHead);
            }
            for (var t : state.terms().entrySet()) {
                INDArray g = t.getValue().featureGradients().get(mv.name());
                if (g != null) {
                    mv.addPart(t.getKey(), g.castTo(mv.features().dataType()));
                }
            }
            for (String name : state.logitTerms().keySet()) {
                INDArray part = seen && dzFusedTerms.containsKey(name) ? dzFusedTerms.get(name).get(i) : null;
                if (headTerms.containsKey(name)) {
                    INDArray viaHead = headTerms.get(name).mmul(head.weight().value());
                    part = part == null ? viaHead : part.add(viaHead);
                }
                if (part != null) {
                    mv.addPart(name, part.castTo(mv.features().dataType()));
                }
            }
            dz.add(sum(mv));
        }
        // Each encoder alone, or all of them stage by stage through the mid-fusion.
        model.backwardFeatures(dz);
        for (StepState.Term t : state.terms().values()) {
            loss += t.value();
        }
        for (StepState.Term t : state.logitTerms().values()) {
            loss += t.value();
        }
        state.backwardDone(loss);
    }

    /**
     * The fused forward again on z_m ⊙ s_m (the per-sample feature scales a plug-in set): the fused loss and its
     * backward use it, the heads keep the unscaled features. The step's fused logits become the scaled forward's.
     */
    private void fusedOnScaledFeatures(StepState state, List<ModalityState> ms) {
        List<INDArray> scaled = new ArrayList<>();
        for (ModalityState mv : ms) {
            INDArray scale = state.featureScales().get(mv.name());
            scaled.add(scale == null ? mv.features() : scaledBy(mv.features(), scale));
        }
        INDArray logits = model.fusion().forward(scaled, true);
        state.fused(logits, model.loss().outputs(logits));
    }

    /** dL/dz_m through the fused forward on scaled features: the fusion's dz times each sample's scale. */
    private static List<INDArray> scaledBack(StepState state, List<ModalityState> ms, List<INDArray> dz) {
        if (state.featureScales().isEmpty()) {
            return dz;
        }
        List<INDArray> out = new ArrayList<>(dz);
        for (int i = 0; i < ms.size(); i++) {
            INDArray scale = state.featureScales().get(ms.get(i).name());
            if (scale != null) {
                out.set(i, scaledBy(dz.get(i), scale));
            }
        }
        return out;
    }

    /** x times a feature scale: a [B, 1] column (one factor per sample) or a [B, d] array (one per entry). */
    private static INDArray scaledBy(INDArray x, INDArray scale) {
        INDArray s = scale.castTo(x.dataType());
        return s.size(1) == 1 ? x.mulColumnVector(s) : x.mul(s);
    }

    /** The logit terms' gradients on one head ({@code FUSED} or a modality), in the type of its logits. */
    private static Map<String, INDArray> logitTermsAt(StepState state, String head, INDArray like) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        state.logitTerms().forEach((name, t) -> {
            INDArray g = t.featureGradients().get(head);
            if (g != null) {
                out.put(name, g.castTo(like.dataType()));
            }
        });
        return out;
    }

    /** The parts in order, summed left to right (one part is passed as is, so joint training is unchanged). */
    private static INDArray sum(ModalityState mv) {
        INDArray total = null;
        for (INDArray part : mv.parts().values()) {
            total = total == null ? part : total.add(part);
        }
        return total != null ? total : mv.features().ulike().assign(0);
    }

    /** The optimizer's parameters: nothing is registered until the first backward created the gradient views. */
    private void registerParameters() {
        for (String m : model.modalities()) {
            Encoder e = model.encoder(m);
            e.parameters().forEach((k, v) -> optimizer.add(m, v, e.gradients().get(k)));
            e.stateParameters().forEach((k, v) -> optimizer.addState(m, v, e.stateGradients().get(k)));
        }
        for (Param p : model.headParameters()) {
            optimizer.add(p.value(), p.gradient());
        }
    }

    /** The total loss of a batch in training mode (batch statistics), without touching any gradient. */
    public double loss(Batch batch) {
        ObjectiveLoss objective = model.loss();
        ObjectiveLoss.Truth truth = new ObjectiveLoss.Truth(batch.labels(), batch.targets());
        List<INDArray> features = model.encodeFeatures(batch.inputs(), true);
        double loss = objective.loss(objective.outputs(model.fusion().forward(features, true)), truth, null);
        if (losses.unimodal()) {
            for (int i = 0; i < model.modalities().size(); i++) {
                INDArray p = objective.outputs(model.head(model.modalities().get(i)).forward(features.get(i)));
                loss += losses.unimodalWeight() * objective.loss(p, truth, null);
            }
        }
        return loss;
    }
}
