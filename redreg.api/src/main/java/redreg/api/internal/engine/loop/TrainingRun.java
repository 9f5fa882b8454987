package redreg.api.internal.engine.loop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Batch;
import redreg.api.Clock;
import redreg.api.DataPart;
import redreg.api.DataSplit;
import redreg.api.EpochMetrics;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.Task;
import redreg.api.TrainingListener;
import redreg.api.config.RunSpec;
import redreg.api.internal.engine.NativeMemory;
import redreg.api.internal.engine.Permutation;
import redreg.api.internal.engine.Seeds;
import redreg.api.internal.engine.model.ModelBuilder;
import redreg.api.internal.engine.model.MultimodalModel;
import redreg.api.internal.engine.step.Optimizer;
import redreg.api.internal.engine.step.StepStats;
import redreg.api.internal.engine.step.TrainingStep;

/**
 * The epoch loop of one run: the model from a {@link ModelBuilder}, trained step by step ({@link TrainingStep}),
 * evaluated after every epoch ({@link Evaluator}), the listeners told.
 */
public final class TrainingRun {
    private final RunSpec spec;
    private final Seeds seeds;
    private final Task task;
    private final ModelBuilder builder;
    private final MultimodalModel model;
    private final List<Regulator> regulators;
    private final Optimizer optimizer;
    private final DataParts parts;
    private final Context context;
    private final StepStats stats;
    private final TrainingStep step;
    private final Evaluator evaluator;
    private final Random shuffle;
    private final int stepsPerEpoch;
    private final List<TrainingListener> listeners;
    private int forks;
    private boolean started;

    /**
     * What a run ends with.
     *
     * @param epochs        one entry per epoch trained
     * @param finalMetrics  the reported test metrics (last epoch, or the selected one), with the validation
     *                      metrics prefixed {@code val.} when there is a validation part
     * @param selectedEpoch the epoch whose metrics are reported
     * @param msPerStep     mean wall time of a step
     * @param diverged      why training stopped early, or null
     */
    public record Outcome(List<EpochMetrics> epochs, Map<String, Double> finalMetrics, int selectedEpoch,
                          double msPerStep, String diverged) {
    }

    public TrainingRun(RunSpec spec) {
        this.spec = spec;
        this.seeds = new Seeds(spec.seed());
        Nd4j.getRandom().setSeed(spec.seed());
        this.task = spec.task();
        this.builder = new ModelBuilder(spec, seeds);
        this.model = builder.build();
        this.regulators = spec.regulators();
        this.listeners = spec.listeners();
        this.optimizer = new Optimizer(spec.optimizer());
        this.shuffle = new Random(seeds.shuffle());
        var training = spec.training();
        this.parts = new DataParts(task.train(), training.validation(), seeds.named("validation"));
        int steps = Math.max(1, parts.part(DataPart.TRAIN).size() / training.batchSize());
        if (training.maxSteps() > 0) {
            steps = Math.min(steps, training.maxSteps());
        }
        this.stepsPerEpoch = steps;
        this.context = new Context(model, parts, seeds, training.epochs(), steps, training.evalBatchSize(), this::fork);
        this.stats = new StepStats(training.diagnostics(), training.probeEvery(), seeds.probes());
        this.step = new TrainingStep(model, regulators, optimizer, spec.losses(), spec.seed());
        this.evaluator = new Evaluator(model, training.evalBatchSize());
    }

    private Fork fork() {
        MultimodalModel copy = model.copy(builder.newFusion());
        return new Fork(copy, optimizer, parts, spec.training().batchSize(), spec.training().evalBatchSize(),
                seeds.named("fork:" + forks++));
    }

    public MultimodalModel model() {
        return model;
    }

    /** The task this run trains on. */
    public Task task() {
        return task;
    }

    /** The regulators' view of the run between steps (tests drive epoch-boundary features through it). */
    public redreg.api.TrainingContext context() {
        return context;
    }

    /** The part of the task's training split the steps train on (without the validation carve). */
    public DataSplit trainingPart() {
        return parts.part(DataPart.TRAIN);
    }

    /** Samples per training step ({@code training.batchSize}). */
    public int batchSize() {
        return spec.training().batchSize();
    }

    /** The run's random stream of batch order and train-time augmentation. */
    public Random augmentation() {
        return shuffle;
    }

    /** Indices of a part of the data within the task's training split (tests check the validation carve). */
    public int[] partIndices(DataPart part) {
        return parts.indices(part);
    }

    /**
     * The regulators' {@code onTrainStart} (once): where a plug-in checks the run it is in (its fusion, the number
     * of modalities, a validation part). The facade calls it before it writes anything, so such an error leaves no
     * run folder behind; {@link #run} calls it too.
     */
    public void start() {
        if (!started) {
            started = true;
            regulators.forEach(r -> r.onTrainStart(context.at(0, 0)));
        }
    }

    /** The start of an epoch: the optimizer's learning rate for it, the regulators' {@code onEpochStart}. */
    public void startEpoch(int epoch) {
        optimizer.startEpoch(epoch);
        for (Regulator r : regulators) {
            r.onEpochStart(context.at(epoch, 0));
        }
    }

    /**
     * One training step of {@code batch} at {@code stepInEpoch} of {@code epoch}, in a run of {@code stepsPerEpoch}
     * steps an epoch (the loop's, or the bench's whole pass over the data). Returns the step as regulate saw it.
     */
    public StepView step(Batch batch, int epoch, int stepInEpoch, int stepsPerEpoch) {
        return step.run(batch, Clock.of(epoch, spec.training().epochs(), stepInEpoch, stepsPerEpoch), stats);
    }

    /** The optimizer's update alone (weight decay, then every parameter), as a step ends: the bench's op table. */
    public void optimizerStep() {
        optimizer.step();
    }

    /** The diagnostics row of the step just trained (empty when diagnostics are off). */
    public Map<String, Object> stepDiagnostics() {
        return stats.row();
    }

    public Outcome run() {
        var training = spec.training();
        List<EpochMetrics> history = new ArrayList<>();
        StepTimer timer = new StepTimer();
        String diverged = null;
        DataSplit train = parts.part(DataPart.TRAIN);
        DataSplit validation = parts.part(DataPart.VALIDATION);
        start();
        listeners.forEach(l -> l.onRunStart(new TrainingListener.RunStart(model.modalities(), training.epochs(),
                stepsPerEpoch)));
        for (int epoch = 0; epoch < training.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            startEpoch(epoch);
            int[] order = Permutation.of(train.size(), shuffle);
            double lossSum = 0;
            int stepsDone = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                int[] idx = Arrays.copyOfRange(order, s * training.batchSize(), (s + 1) * training.batchSize());
                Batch batch = train.batch(idx, true, shuffle);
                long t0 = System.nanoTime();
                StepView view = step(batch, epoch, s, stepsPerEpoch);
                long nanos = System.nanoTime() - t0;
                stepsDone++;
                lossSum += view.loss();
                var record = new TrainingListener.Step(epoch, view.globalStep(), view.loss(), nanos, stats.row());
                timer.onStep(record);
                listeners.forEach(l -> l.onStep(record));
                if (!Double.isFinite(view.loss())) {
                    // A diverged run says so instead of training on NaN weights to a chance-level result.
                    diverged = "non-finite loss at epoch " + epoch + ", step " + s
                            + Divergence.culprit(view, stats.firstNonFinite()) + "; training stopped";
                    String line = "diverged: " + diverged;
                    listeners.forEach(l -> l.onMessage(line));
                    break;
                }
            }
            Map<String, Double> metrics = new LinkedHashMap<>(evaluator.evaluate(task.test()));
            if (validation.size() > 0) {
                evaluator.evaluate(validation).forEach((k, v) -> metrics.put("val." + k, v));
            }
            Map<String, Double> forRegulator = new LinkedHashMap<>(metrics);
            forRegulator.put("trainLoss", lossSum / stepsPerEpoch);
            for (Regulator r : regulators) {
                r.onEpochEnd(context.at(epoch, stepsDone), forRegulator);
            }
            // the plug-ins' per-epoch scalars (TrainingContext.diagnostic) join the epoch's row of metrics.csv
            metrics.putAll(context.takeEpochDiagnostics());
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            EpochMetrics em = new EpochMetrics(epoch, lossSum / stepsPerEpoch, metrics, optimizer.learningRate(), seconds);
            history.add(em);
            listeners.forEach(l -> l.onEpochEnd(em));
            if (diverged != null) {
                break;
            }
        }
        String why = diverged;
        listeners.forEach(l -> l.onRunEnd(why));
        NativeMemory.collect(); // this run's buffers go now, not under the next run of a table
        int selected = select(history);
        return new Outcome(history, history.get(selected).metrics(), history.get(selected).epoch(), timer.msPerStep(),
                diverged);
    }

    /** {@code training.select}: the last epoch, or the first epoch of the best validation accuracy. */
    private int select(List<EpochMetrics> history) {
        if (!spec.training().select().equals("best-val")) {
            return history.size() - 1;
        }
        int best = 0;
        for (int i = 1; i < history.size(); i++) {
            if (history.get(i).metrics().get("val.accuracy") > history.get(best).metrics().get("val.accuracy")) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Forward, shapeLoss and backward of one batch without regulate or update (epoch 0, step 0): afterwards every
     * gradient buffer holds d(total loss)/d(parameter). Returns the step's view.
     */
    public StepView forwardBackward(Map<String, INDArray> inputs, int[] labels) {
        return step.forwardBackward(inputs, labels, Clock.of(0, spec.training().epochs(), 0, stepsPerEpoch), null);
    }

    /** The total loss of a batch in training mode (batch statistics), without touching any gradient. */
    public double loss(Map<String, INDArray> inputs, int[] labels) {
        return step.loss(inputs, labels);
    }

    /** Test metrics in evaluation mode. */
    public Map<String, Double> evaluate(DataSplit split) {
        return evaluator.evaluate(split);
    }
}
