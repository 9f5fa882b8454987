package redreg.api.internal.engine.loop;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Batch;
import redreg.api.Clock;
import redreg.api.DataPart;
import redreg.api.DataSplit;
import redreg.api.LossControl;
import redreg.api.LossWeights;
import redreg.api.ModelFork;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.config.LossConfig;
import redreg.api.internal.engine.Permutation;
import redreg.api.internal.engine.model.ObjectiveLoss;
import redreg.api.internal.engine.model.MultimodalModel;
import redreg.api.internal.engine.step.Optimizer;
import redreg.api.internal.engine.step.StepStats;
import redreg.api.internal.engine.step.TrainingStep;

/**
 * A copy of the model and the optimizer state trained on its own (G-Blending's estimation): its steps use the
 * same code as the run's, with fixed loss weights and zeroed inputs, and no regulator of the run.
 */
final class Fork implements ModelFork {
    private final MultimodalModel model;
    private final DataParts parts;
    private final int batchSize;
    private final int evalBatchSize;
    private final Random order;
    private final Optimizer optimizer;
    private final Optimizer source;
    private boolean stateCopied;
    private int epochsDone;

    Fork(MultimodalModel copy, Optimizer source, DataParts parts, int batchSize, int evalBatchSize, long seed) {
        this.model = copy;
        this.source = source;
        this.parts = parts;
        this.batchSize = batchSize;
        this.evalBatchSize = evalBatchSize;
        this.order = new Random(seed);
        this.optimizer = new Optimizer(source.config());
    }

    @Override
    public void train(int epochs, LossWeights weights, Set<String> zeroed) {
        Regulator fixed = new Regulator() {
            @Override
            public void shapeLoss(LossControl loss) {
                loss.setFusedWeight(weights.fused());
                for (String m : loss.modalities()) {
                    loss.setUnimodalWeight(m, weights.unimodal(m));
                }
            }

            @Override
            public void regulate(StepView step) {
            }
        };
        TrainingStep step = new TrainingStep(model, List.of(fixed), optimizer, new LossConfig(false, 1.0), 0);
        step.afterRegistration(() -> {
            if (!stateCopied) {
                optimizer.copyStateFrom(source);
                stateCopied = true;
            }
        });
        DataSplit train = parts.part(DataPart.TRAIN);
        int steps = Math.max(1, train.size() / batchSize);
        StepStats quiet = new StepStats(false, 0, 0);
        for (int e = 0; e < epochs; e++) {
            int[] perm = Permutation.of(train.size(), order);
            for (int s = 0; s < steps; s++) {
                int[] idx = Arrays.copyOfRange(perm, s * batchSize, Math.min(train.size(), (s + 1) * batchSize));
                Batch b = train.batch(idx, true, order);
                step.run(b.withInputs(zeroed(b.inputs(), zeroed)),
                        Clock.of(epochsDone, epochsDone + epochs - e, s, steps), quiet);
            }
            epochsDone++;
        }
    }

    @Override
    public double loss(DataPart part, LossWeights weights, Set<String> zeroed) {
        DataSplit split = parts.part(part);
        double sum = 0;
        for (int start = 0; start < split.size(); start += evalBatchSize) {
            Batch b = split.batch(DataParts.range(start, Math.min(split.size(), start + evalBatchSize)), false, null);
            Map<String, INDArray> logits = model.predict(zeroed(b.inputs(), zeroed));
            ObjectiveLoss objective = model.loss();
            ObjectiveLoss.Truth truth = new ObjectiveLoss.Truth(b.labels(), b.targets());
            double batchLoss = weights.fused() * objective.loss(objective.outputs(logits.get("fused")), truth, null);
            for (String m : model.modalities()) {
                batchLoss += weights.unimodal(m) * objective.loss(objective.outputs(logits.get(m)), truth, null);
            }
            sum += batchLoss * b.labels().length;
        }
        return split.size() == 0 ? Double.NaN : sum / split.size();
    }

    @Override
    public INDArray encode(String modality, INDArray input) {
        if (model.encoder(modality) == null) {
            throw new IllegalArgumentException("fork: no modality '" + modality + "'; modalities: " + model.modalities());
        }
        return model.encoder(modality).encode(input, false);
    }

    private static Map<String, INDArray> zeroed(Map<String, INDArray> inputs, Set<String> zeroed) {
        Map<String, INDArray> out = new LinkedHashMap<>(inputs);
        for (String m : zeroed) {
            if (!out.containsKey(m)) {
                throw new IllegalArgumentException("fork: no modality '" + m + "'; modalities: " + out.keySet());
            }
            out.put(m, out.get(m).ulike().assign(0));
        }
        return out;
    }

    /**
     * Nothing to release by hand: ComputationGraph.close() also destroys the thread's named workspaces, which the
     * run's own graphs share, so the next inference of the run crashed in native code (G-Blending); the copy's
     * buffers go with its Java objects.
     */
    @Override
    public void close() {
    }
}
