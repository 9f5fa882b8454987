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
import redreg.api.PluginState;
import redreg.api.Seeds;
import redreg.api.internal.engine.checkpoint.Checkpoint;
import redreg.api.internal.engine.checkpoint.CrashPoints;
import redreg.api.internal.engine.checkpoint.History;
import redreg.api.internal.engine.checkpoint.ModelFile;
import redreg.api.internal.engine.checkpoint.RunKeeper;
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
    private Random shuffle;
    private final int stepsPerEpoch;
    private final List<TrainingListener> listeners;
    private int forks;
    private boolean started;
    /** Model files and checkpoints in the run folder; null when nothing is kept (the bench, tests). */
    private RunKeeper keeper;
    private long modelBytes;

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
        this.context = new Context(model, parts, seeds, training.epochs(), steps, training.evalBatchSize(), this::fork,
                this::freeze, this::resetFusion);
        this.stats = new StepStats(training.diagnostics(), training.probeEvery(), seeds.probes());
        this.step = new TrainingStep(model, regulators, optimizer, spec.losses(), spec.seed());
        this.evaluator = new Evaluator(model, training.evalBatchSize(), regulators);
    }

    private Fork fork() {
        MultimodalModel copy = model.copy(builder.newFusion());
        return new Fork(copy, optimizer, parts, spec.training().batchSize(), spec.training().evalBatchSize(),
                seeds.named("fork:" + forks++));
    }

    /** A plug-in froze an encoder ({@code TrainingContext.freeze}): the optimizer leaves its tensors alone. */
    private void freeze(String modality) {
        if (model.encoder(modality) == null) {
            throw new IllegalArgumentException("freeze: no modality '" + modality + "'; modalities: " + model.modalities());
        }
        optimizer.freeze(modality);
    }

    /** The fusion's values as a fresh block from the plug-in's factory has them, and its optimizer state cleared. */
    private void resetFusion() {
        List<redreg.api.nn.Param> live = model.fusion().parameters();
        List<redreg.api.nn.Param> fresh = builder.newFusion().parameters();
        for (int i = 0; i < live.size(); i++) {
            live.get(i).value().assign(fresh.get(i).value());
        }
        optimizer.reset(live.stream().map(redreg.api.nn.Param::value).toList());
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

    /** A part of the task's training split: the part the steps train on, or the validation carve. */
    public DataSplit part(DataPart part) {
        return parts.part(part);
    }

    /** Keeps model files and checkpoints as {@code keeper} says (the facade's runs; set before {@link #run}). */
    public void keep(RunKeeper keeper) {
        this.keeper = keeper;
    }

    /** The size of the model file the run wrote at its end (0 with none). */
    public long modelBytes() {
        return modelBytes;
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
        start();
        Checkpoint.Loaded resume = keeper == null ? null : keeper.resumePoint();
        int first = resume == null ? 0 : restore(resume, history, timer) + 1;
        listeners.forEach(l -> l.onRunStart(new TrainingListener.RunStart(model.modalities(), training.epochs(),
                stepsPerEpoch)));
        if (resume != null) {
            var resumed = new TrainingListener.Resumed(history, timer.steps(), timer.nanos());
            listeners.forEach(l -> l.onResume(resumed));
        }
        // the task's loading and the model's building leave garbage: it goes now, so that every run of a table
        // starts its collection period from the same level (run 1 calibrates from a collection at its first step)
        NativeMemory.collect();
        for (int epoch = first; epoch < training.epochs(); epoch++) {
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
                CrashPoints.stepDone(epoch, stepsDone);
                if (!Double.isFinite(view.loss())) {
                    // A diverged run says so instead of training on NaN weights to a chance-level result.
                    diverged = "non-finite loss at epoch " + epoch + ", step " + s
                            + Divergence.culprit(view, stats.firstNonFinite()) + "; training stopped";
                    String line = "diverged: " + diverged;
                    listeners.forEach(l -> l.onMessage(line));
                    break;
                }
            }
            Map<String, Double> metrics = epochMetrics();
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
            if (keeper != null) {
                keep(epoch, history, timer, seconds);
            }
        }
        if (keeper != null) {
            modelBytes = keeper.finish(model, optimizer.state(), history.get(history.size() - 1).epoch());
        }
        String why = diverged;
        listeners.forEach(l -> l.onRunEnd(why));
        NativeMemory.collect(); // this run's buffers go now, not under the next run of a table
        int selected = select(history);
        return new Outcome(history, history.get(selected).metrics(), history.get(selected).epoch(), timer.msPerStep(),
                diverged);
    }

    /** After an epoch's files are written: the best epoch's model when it is new, a checkpoint when one is due. */
    private void keep(int epoch, List<EpochMetrics> history, StepTimer timer, double seconds) {
        if (keeper.keepsBest() && select(history) == history.size() - 1) {
            keeper.best(model, optimizer.state(), epoch);
        }
        if (keeper.checkpointDue(epoch, seconds)) {
            List<PluginState> states = new ArrayList<>();
            for (Regulator r : regulators) {
                PluginState s = new PluginState();
                if (!r.saveState(s)) {
                    keeper.notResumable("regulator " + r.getClass().getSimpleName());
                    return; // no checkpoint: a crash restarts the run
                }
                states.add(s);
            }
            if (model.fusion().saveState(new PluginState())) {
                keeper.checkpoint(model, optimizer.state(), states, saveRun(epoch, history, timer));
            } else {
                keeper.notResumable("fusion " + model.fusion().getClass().getSimpleName());
            }
        }
    }

    /** The loop's own state after {@code epoch}: every random stream's position, the history, the counters. */
    private PluginState saveRun(int epoch, List<EpochMetrics> history, StepTimer timer) {
        PluginState s = new PluginState().putInt("epoch", epoch).putRandom("shuffle", shuffle).putInt("forks", forks)
                .putLong("nd4jRoot", Nd4j.getRandom().rootState()).putLong("nd4jNode", Nd4j.getRandom().nodeState());
        History.save(history, s.child("history"));
        s.putLong("steps", timer.steps()).putLong("stepNanos", timer.nanos());
        stats.save(s.child("stats"));
        return s;
    }

    /**
     * Continues from a checkpoint (after {@link #start}, whose checks stand): the model, optimizer, regulators and
     * the loop's state as they were after the saved epoch, which it returns.
     */
    private int restore(Checkpoint.Loaded c, List<EpochMetrics> history, StepTimer timer) {
        ModelFile.restore(c.archive(), model, keeper.checkpointPath());
        optimizer.restore(c.optimizer());
        PluginState run = c.run();
        int epoch = run.getInt("epoch");
        if (c.regulators().size() != regulators.size()) {
            throw new IllegalStateException("checkpoint of " + c.regulators().size() + " regulators, the run has "
                    + regulators.size());
        }
        for (int i = 0; i < regulators.size(); i++) {
            regulators.get(i).restoreState(context.at(epoch + 1, 0), c.regulators().get(i));
        }
        shuffle = run.random("shuffle");
        forks = run.getInt("forks");
        Nd4j.getRandom().setStates(run.getLong("nd4jRoot"), run.getLong("nd4jNode"));
        history.addAll(History.restore(run.getChild("history")));
        timer.add(run.getLong("steps"), run.getLong("stepNanos"));
        stats.restore(run.getChild("stats"));
        return epoch;
    }

    /**
     * The metrics of the model as it is, as a run reports them after an epoch: the test split's, and with a
     * validation part the same on it prefixed {@code val.}.
     */
    public Map<String, Double> epochMetrics() {
        Map<String, Double> metrics = new LinkedHashMap<>(evaluator.evaluate(task.test()));
        DataSplit validation = parts.part(DataPart.VALIDATION);
        if (validation.size() > 0) {
            evaluator.evaluate(validation).forEach((k, v) -> metrics.put("val." + k, v));
        }
        return metrics;
    }

    private int select(List<EpochMetrics> history) {
        return selected(history, spec.training().select());
    }

    /**
     * {@code training.select}: the index of the last epoch, or of the first epoch of the best validation accuracy
     * ({@code best-val}; a regression's: the lowest validation MAE) — for the run's outcome and its result file alike.
     */
    public static int selected(List<EpochMetrics> history, String select) {
        return EpochSelection.selected(history, select);
    }

    /**
     * Forward, shapeLoss and backward of one batch without regulate or update (epoch 0, step 0): afterwards every
     * gradient buffer holds d(total loss)/d(parameter). Returns the step's view.
     */
    public StepView forwardBackward(Map<String, INDArray> inputs, int[] labels) {
        return forwardBackward(new Batch(inputs, labels));
    }

    /** The same on a batch of any objective (a regression's carries its targets). */
    public StepView forwardBackward(Batch batch) {
        return step.forwardBackward(batch, Clock.of(0, spec.training().epochs(), 0, stepsPerEpoch), null);
    }

    /** The total loss of a batch of a classification in training mode (batch statistics), touching no gradient. */
    public double loss(Map<String, INDArray> inputs, int[] labels) {
        return loss(new Batch(inputs, labels));
    }

    /** The same on a batch of any objective (a regression's carries its targets). */
    public double loss(Batch batch) {
        return step.loss(batch);
    }

    /** Test metrics in evaluation mode. */
    public Map<String, Double> evaluate(DataSplit split) {
        return evaluator.evaluate(split);
    }
}
