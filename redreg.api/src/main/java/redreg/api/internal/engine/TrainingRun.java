package redreg.api.internal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Batch;
import redreg.api.DataPart;
import redreg.api.DataSplit;
import redreg.api.EpochMetrics;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.ModalitySpec;
import redreg.api.Regulator;
import redreg.api.Task;
import redreg.api.TrainingListener;

/**
 * The epoch loop of one run: builds the model from a {@link RunSpec}, trains it step by step
 * ({@link TrainingStep}), evaluates after every epoch ({@link Evaluator}) and tells the listeners.
 */
public final class TrainingRun {
    private final RunSpec spec;
    private final Seeds seeds;
    private final Task task;
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
    private List<Batch> benchBatches;
    private int benchNext;
    private int forks;
    private boolean started;
    /** Per modality, the per-sample output shape of each encoder stage (what a mid-fusion is built for). */
    private final List<List<long[]>> stageShapes;
    private final Map<String, Integer> featureSizes;

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
        List<String> modalities = task.modalities().stream().map(ModalitySpec::name).toList();
        Map<String, org.deeplearning4j.nn.graph.ComputationGraph> graphs = new LinkedHashMap<>();
        Map<String, Integer> featureSizes = new LinkedHashMap<>();
        List<List<long[]>> shapes = new ArrayList<>();
        int index = 0;
        for (ModalitySpec m : task.modalities()) {
            var encoder = spec.encoders().get(m.name());
            long seed = seeds.encoder(index++);
            var graph = EncoderFactory.build(m, encoder, spec.dataType(), seed);
            graphs.put(m.name(), graph);
            featureSizes.put(m.name(), encoder.featureSize());
            shapes.add(StagedEncoder.stageShapes(graph, EncoderFactory.resolveKind(m, encoder),
                    EncoderFactory.inputType(m, encoder)));
        }
        this.stageShapes = List.copyOf(shapes);
        int classes = task.classes().size();
        Fusion fusion = newFusion(modalities, featureSizes, classes);
        // Mid-fusion: the same graphs (same initial values) cut into stages; otherwise each encoder as one graph.
        Map<String, Encoder> encoders = new LinkedHashMap<>();
        index = 0;
        for (ModalitySpec m : task.modalities()) {
            long seed = seeds.encoder(index++);
            var encoder = spec.encoders().get(m.name());
            String kind = EncoderFactory.resolveKind(m, encoder);
            var graph = graphs.get(m.name());
            if (fusion.midFusion().isPresent()) {
                encoders.put(m.name(), new StagedEncoder(m.name(), graph, kind, EncoderFactory.inputType(m, encoder)));
            } else {
                EncoderNet net = new EncoderNet(m.name(), graph, kind);
                net.twinBuilder(() -> EncoderFactory.build(m, encoder, spec.dataType(), seed, true));
                encoders.put(m.name(), net);
            }
        }
        this.featureSizes = featureSizes;
        this.model = new MultimodalModel(modalities, encoders, fusion, featureSizes, classes, spec.dataType(),
                seeds.heads());
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

    private Fusion newFusion(List<String> modalities, Map<String, Integer> featureSizes, int classes) {
        return spec.fusionFactory().apply(new FusionContext(modalities, modalities.stream().map(featureSizes::get)
                .toList(), classes, spec.dataType(), seeds.fusion(), stageShapes));
    }

    private Fork fork() {
        MultimodalModel copy = model.copy(newFusion(model.modalities(), featureSizes, model.numClasses()));
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
            regulators.forEach(r -> r.onTrainStart(context.at(0)));
        }
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
            optimizer.startEpoch(epoch);
            for (Regulator r : regulators) {
                r.onEpochStart(context.at(epoch));
            }
            int[] order = permutation(train.size(), shuffle);
            double lossSum = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                int[] idx = Arrays.copyOfRange(order, s * training.batchSize(), (s + 1) * training.batchSize());
                Batch batch = train.batch(idx, true, shuffle);
                long t0 = System.nanoTime();
                StepData view = step.run(batch, new StepClock(epoch, training.epochs(), s, stepsPerEpoch), stats);
                long nanos = System.nanoTime() - t0;
                lossSum += view.loss();
                var record = new TrainingListener.Step(epoch, view.globalStep(), view.loss(), nanos, stats.row());
                timer.onStep(record);
                listeners.forEach(l -> l.onStep(record));
                if (!Double.isFinite(view.loss())) {
                    // A diverged run says so instead of training on NaN weights to a chance-level result.
                    diverged = "non-finite loss at epoch " + epoch + ", step " + s + Divergence.culprit(view, stats.firstNonFinite())
                            + "; training stopped";
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
                r.onEpochEnd(context.at(epoch), forRegulator);
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

    static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Times {@code steps} training steps after {@code warmup} untimed ones, cycling over the training set
     * (epoch 0, no evaluation); returns ms/step.
     */
    public double timeSteps(int warmup, int steps) {
        int batch = spec.training().batchSize();
        DataSplit train = parts.part(DataPart.TRAIN);
        int perEpoch = Math.max(1, train.size() / batch);
        if (benchBatches == null) {
            start();
            regulators.forEach(r -> r.onEpochStart(context.at(0)));
            // Materialised once, like the reference's DataSets, so only the step itself is timed.
            benchBatches = sequentialBatches(train, batch, shuffle);
        }
        StepTimer timer = new StepTimer();
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                timer.reset();
            }
            int b = benchNext++ % perEpoch;
            long t0 = System.nanoTime();
            StepData view = step.run(benchBatches.get(b), new StepClock(0, spec.training().epochs(), b, perEpoch), stats);
            var record = new TrainingListener.Step(0, view.globalStep(), view.loss(), System.nanoTime() - t0, stats.row());
            timer.onStep(record);
            listeners.forEach(l -> l.onStep(record));
        }
        return timer.msPerStep();
    }

    /** The split cut in order into whole batches of {@code batchSize} (the benchmarks' fixed data). */
    public static List<Batch> sequentialBatches(DataSplit split, int batchSize, Random random) {
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < Math.max(1, split.size() / batchSize); b++) {
            int[] idx = new int[batchSize];
            for (int i = 0; i < batchSize; i++) {
                idx[i] = b * batchSize + i;
            }
            out.add(split.batch(idx, true, random));
        }
        return out;
    }

    /**
     * Forward, shapeLoss and backward of one batch without regulate or update (epoch 0, step 0): afterwards every
     * gradient buffer holds d(total loss)/d(parameter). Returns the step's view.
     */
    public StepData forwardBackward(Map<String, INDArray> inputs, int[] labels) {
        return step.forwardBackward(inputs, labels, new StepClock(0, spec.training().epochs(), 0, stepsPerEpoch), null);
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
