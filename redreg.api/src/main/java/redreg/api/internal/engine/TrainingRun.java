package redreg.api.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Batch;
import redreg.api.DataSplit;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.ModalitySpec;
import redreg.api.Regulator;
import redreg.api.Task;
import redreg.api.experiment.EpochMetrics;
import redreg.api.experiment.RunResult;
import redreg.api.nn.Param;

/** Owns the order of a training step and the epoch loop; plug-ins decide through their hooks. */
public final class TrainingRun {
    private final Setup setup;
    private final Task task;
    private final MultimodalModel model;
    private final Regulator regulator;
    private final Optimizer optimizer;
    private final List<String> modalities;
    private final Context context;
    private final StepStats stats;
    private final Random shuffle;
    private boolean registered;
    private String diverged;
    private List<Batch> benchBatches;
    private int benchNext;

    /** Everything a run is made of, resolved by the facade. */
    public record Setup(long seed, Task task, java.util.function.Function<FusionContext, Fusion> fusionFactory,
                        Regulator regulator, Map<String, redreg.api.experiment.EncoderSpec> encoders, DataType dataType,
                        redreg.api.experiment.OptimizerConfig optimizer, redreg.api.experiment.LossConfig losses,
                        redreg.api.experiment.TrainingConfig training, RunFiles files, RunObserver observer) {
    }

    public TrainingRun(Setup setup) {
        this.setup = setup;
        Nd4j.getRandom().setSeed(setup.seed());
        this.task = setup.task();
        this.modalities = task.modalities().stream().map(ModalitySpec::name).toList();
        Map<String, EncoderNet> encoders = new LinkedHashMap<>();
        Map<String, Integer> featureSizes = new LinkedHashMap<>();
        int index = 0;
        for (ModalitySpec m : task.modalities()) {
            var spec = setup.encoders().get(m.name());
            var graph = EncoderFactory.build(m, spec, setup.dataType(), setup.seed() * 31 + index++);
            encoders.put(m.name(), new EncoderNet(m.name(), graph, EncoderFactory.resolveKind(m, spec)));
            featureSizes.put(m.name(), spec.featureSize());
        }
        int classes = task.classes().size();
        Fusion fusion = setup.fusionFactory().apply(new FusionContext(modalities,
                modalities.stream().map(featureSizes::get).toList(), classes, setup.dataType(), setup.seed() + 7));
        this.model = new MultimodalModel(task.modalities(), encoders, fusion, featureSizes, classes,
                setup.dataType(), setup.seed() + 13);
        this.regulator = setup.regulator();
        this.optimizer = new Optimizer(setup.optimizer());
        this.shuffle = new Random(setup.seed() + 1);
        int batch = setup.training().batchSize();
        int steps = Math.max(1, task.train().size() / batch);
        if (setup.training().maxSteps() > 0) {
            steps = Math.min(steps, setup.training().maxSteps());
        }
        this.context = new Context(model, classes, setup.training().epochs(), steps, setup.seed());
        this.stats = new StepStats(setup.training().diagnostics(), setup.training().probeEvery(), setup.seed());
    }

    public MultimodalModel model() {
        return model;
    }

    /** The optimizer's parameters: nothing is registered until the first backward created the gradient views. */
    private void registerParameters() {
        for (String m : modalities) {
            EncoderNet e = model.encoder(m);
            e.parameters().forEach((k, v) -> optimizer.add(v, e.gradients().get(k)));
            e.stateParameters().forEach((k, v) -> optimizer.addState(v, e.stateGradients().get(k)));
        }
        for (Param p : model.headParameters()) {
            optimizer.add(p.value(), p.gradient());
        }
    }

    public RunResult run() {
        var training = setup.training();
        List<EpochMetrics> history = new ArrayList<>();
        long stepNanos = 0;
        long stepCount = 0;
        regulator.onTrainStart(context.at(0));
        setup.observer().start(training.epochs() * (long) context.stepsPerEpoch());
        for (int epoch = 0; epoch < training.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            optimizer.startEpoch(epoch);
            regulator.onEpochStart(context.at(epoch));
            int[] order = permutation(task.train().size());
            double lossSum = 0;
            for (int s = 0; s < context.stepsPerEpoch(); s++) {
                int[] idx = java.util.Arrays.copyOfRange(order, s * training.batchSize(), (s + 1) * training.batchSize());
                Batch batch = task.train().batch(idx, true, shuffle);
                long t0 = System.nanoTime();
                double loss = step(batch, epoch, s);
                lossSum += loss;
                stepNanos += System.nanoTime() - t0;
                stepCount++;
                setup.observer().step(epoch, stats.lastLoss());
                if (!Double.isFinite(loss)) {
                    // A diverged run says so instead of training on NaN weights to a chance-level result.
                    diverged = "non-finite loss at epoch " + epoch + ", step " + s + "; training stopped";
                    setup.files().log("diverged: " + diverged);
                    break;
                }
            }
            Map<String, Double> metrics = evaluate(task.test());
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            EpochMetrics em = new EpochMetrics(epoch, lossSum / context.stepsPerEpoch(), metrics,
                    optimizer.learningRate(), seconds);
            history.add(em);
            Map<String, Double> forRegulator = new LinkedHashMap<>(metrics);
            forRegulator.put("trainLoss", em.trainLoss());
            regulator.onEpochEnd(context.at(epoch), forRegulator);
            setup.observer().epoch(em);
            writeProgress(history);
            if (diverged != null) {
                break;
            }
        }
        setup.observer().finish();
        NativeMemory.collect(); // this run's buffers go now, not under the next run of a table
        double ms = stepCount == 0 ? 0 : stepNanos / 1e6 / stepCount;
        return new RunResult(setup.files().dir(), "", history, history.get(history.size() - 1).metrics(), ms, diverged);
    }

    private void writeProgress(List<EpochMetrics> history) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochMetrics e : history) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.epoch());
            row.put("trainLoss", e.trainLoss());
            row.put("lr", e.lr());
            row.putAll(e.metrics());
            row.put("seconds", e.seconds());
            rows.add(row);
        }
        setup.files().writeCsv("metrics.csv", rows);
        if (setup.training().diagnostics()) {
            setup.files().writeCsv("diagnostics.csv", stats.rows());
        }
    }

    private int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The task this run trains on. */
    public Task task() {
        return task;
    }

    /**
     * Times {@code steps} training steps after {@code warmup} untimed ones, cycling over the training set
     * (epoch 0, no evaluation); returns ms/step.
     */
    public double timeSteps(int warmup, int steps) {
        int batch = setup.training().batchSize();
        int perEpoch = Math.max(1, task.train().size() / batch);
        if (benchBatches == null) {
            regulator.onTrainStart(context.at(0));
            regulator.onEpochStart(context.at(0));
            // Materialised once, like the reference's DataSets, so only the step itself is timed.
            benchBatches = sequentialBatches(task.train(), batch, shuffle);
        }
        long start = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                start = System.nanoTime();
            }
            int b = benchNext++ % perEpoch;
            step(benchBatches.get(b), 0, b);
        }
        return (System.nanoTime() - start) / 1e6 / steps;
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

    /** forward → losses → backward → regulator → weight decay → optimizer. Returns the total loss. */
    double step(Batch batch, int epoch, int stepInEpoch) {
        long global = (long) epoch * context.stepsPerEpoch() + stepInEpoch;
        BatchControlImpl control = new BatchControlImpl(batch, epoch, context.epochs(), global, setup.seed());
        regulator.beforeStep(control);
        StepData view = forwardBackward(control.inputs(), batch.labels());
        if (!registered) {
            registerParameters();
            registered = true;
        }
        view.epoch = epoch;
        view.epochs = context.epochs();
        view.stepInEpoch = stepInEpoch;
        view.stepsPerEpoch = context.stepsPerEpoch();
        view.globalStep = global;
        stats.begin(global, epoch, view.loss);
        view.diagnostics = stats::put;
        regulator.regulate(view);
        stats.afterRegulate(view);
        optimizer.step();
        NativeMemory.afterStep(); // frees the step's off-heap buffers in time (see NativeMemory)
        return view.loss;
    }

    /**
     * Forward and backward of one batch without regulator or update: afterwards every gradient buffer holds
     * d(total loss)/d(parameter). Returns the step view (its {@code loss} is the total loss).
     */
    public StepData forwardBackward(Map<String, INDArray> inputs, int[] labels) {
        boolean unimodal = setup.losses().unimodal();
        double w = setup.losses().unimodalWeight();
        StepData view = new StepData();
        List<INDArray> features = new ArrayList<>();
        for (String m : modalities) {
            INDArray z = model.encoder(m).forward(inputs.get(m), true);
            features.add(z);
            StepData.Modality mv = view.new Modality(m, model.encoder(m));
            mv.input = inputs.get(m);
            mv.features = z;
            view.modalities.put(m, mv);
        }
        INDArray fusedLogits = model.fusion().forward(features, true);
        INDArray fusedP = Losses.softmax(fusedLogits);
        INDArray y = Losses.oneHot(labels, model.numClasses(), fusedLogits);
        double loss = Losses.crossEntropy(fusedP, labels);
        List<INDArray> dzFused = model.fusion().backward(Losses.logitGradient(fusedP, y, 1.0));
        Map<String, INDArray> dzFusedByModality = new LinkedHashMap<>();
        for (int i = 0; i < modalities.size(); i++) {
            String m = modalities.get(i);
            StepData.Modality mv = view.modalities.get(m);
            mv.logits = model.head(m).forward(mv.features);
            mv.probabilities = Losses.softmax(mv.logits);
            mv.trueClass = Losses.trueClass(mv.probabilities, labels);
            double headLoss = Losses.crossEntropy(mv.probabilities, labels);
            // Without unimodal losses the heads still learn, on features detached from the encoder.
            INDArray dzHead = model.head(m).backward(Losses.logitGradient(mv.probabilities, y, unimodal ? w : 1.0));
            INDArray dz = dzFused.get(i);
            dzFusedByModality.put(m, dz);
            if (unimodal) {
                loss += w * headLoss;
                dz = dz.add(dzHead);
            }
            model.encoder(m).backward(dz);
        }
        view.labels = labels;
        view.numClasses = model.numClasses();
        view.fusedProbabilities = fusedP;
        view.unimodal = unimodal;
        view.seed = setup.seed();
        view.loss = loss;
        view.diagnostics = (k, v) -> { };
        view.fusedSource = m -> fusedOnlyGradient(m, inputs.get(m), dzFusedByModality.get(m));
        return view;
    }

    /** The total loss of a batch in training mode (batch statistics), without touching any gradient. */
    public double loss(Map<String, INDArray> inputs, int[] labels) {
        boolean unimodal = setup.losses().unimodal();
        List<INDArray> features = new ArrayList<>();
        for (String m : modalities) {
            features.add(model.encoder(m).encode(inputs.get(m), true));
        }
        double loss = Losses.crossEntropy(Losses.softmax(model.fusion().forward(features, true)), labels);
        if (unimodal) {
            for (int i = 0; i < modalities.size(); i++) {
                INDArray p = Losses.softmax(model.head(modalities.get(i)).forward(features.get(i)));
                loss += setup.losses().unimodalWeight() * Losses.crossEntropy(p, labels);
            }
        }
        return loss;
    }

    /** Gradient of the fused loss alone for one encoder: one more forward/backward, the live gradient restored. */
    private Map<String, INDArray> fusedOnlyGradient(String modality, INDArray input, INDArray dzFused) {
        EncoderNet e = model.encoder(modality);
        INDArray saved = e.flatGradient().dup();
        e.forward(input, true);
        e.backward(dzFused);
        Map<String, INDArray> out = new LinkedHashMap<>();
        e.gradients().forEach((k, v) -> out.put(k, v.dup()));
        e.flatGradient().assign(saved);
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Test metrics in evaluation mode. */
    public Map<String, Double> evaluate(DataSplit split) {
        int n = split.size();
        int bs = setup.training().evalBatchSize();
        int[] truth = split.labels();
        Map<String, int[]> predictions = new LinkedHashMap<>();
        predictions.put("fused", new int[n]);
        modalities.forEach(m -> predictions.put(m, new int[n]));
        for (int start = 0; start < n; start += bs) {
            int end = Math.min(n, start + bs);
            int[] idx = new int[end - start];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            Batch b = split.batch(idx, false, null);
            Map<String, INDArray> logits = model.predict(b.inputs());
            for (var e : logits.entrySet()) {
                int[] p = Metrics.argmax(e.getValue());
                System.arraycopy(p, 0, predictions.get(e.getKey()), start, p.length);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", Metrics.accuracy(predictions.get("fused"), truth));
        out.put("macroF1", Metrics.macroF1(predictions.get("fused"), truth, model.numClasses()));
        for (String m : modalities) {
            out.put("accuracy." + m, Metrics.accuracy(predictions.get(m), truth));
        }
        return out;
    }
}
