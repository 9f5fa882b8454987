package redreg.api.internal.engine.loop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Batch;
import redreg.api.DataPart;
import redreg.api.DataSplit;
import redreg.api.FeatureSet;
import redreg.api.ModelFork;
import redreg.api.ParameterSnapshot;
import redreg.api.TrainingContext;
import redreg.api.internal.engine.Permutation;
import redreg.api.Seeds;
import redreg.api.internal.engine.model.Encoder;
import redreg.api.internal.engine.model.MultimodalModel;

/** The run as regulators see it between steps. */
final class Context implements TrainingContext {
    private final MultimodalModel model;
    private final DataParts parts;
    private final Seeds seeds;
    private final int epochs;
    private final int stepsPerEpoch;
    private final int evalBatchSize;
    private final Supplier<ModelFork> forks;
    private final java.util.function.Consumer<String> freezer;
    private final Runnable fusionReset;
    private int epoch;
    private int stepInEpoch;
    private final Map<String, Double> epochDiagnostics = new LinkedHashMap<>();

    Context(MultimodalModel model, DataParts parts, Seeds seeds, int epochs, int stepsPerEpoch, int evalBatchSize,
            Supplier<ModelFork> forks, java.util.function.Consumer<String> freezer, Runnable fusionReset) {
        this.model = model;
        this.parts = parts;
        this.seeds = seeds;
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.evalBatchSize = evalBatchSize;
        this.forks = forks;
        this.freezer = freezer;
        this.fusionReset = fusionReset;
    }

    /** The context at {@code stepInEpoch} steps into {@code epoch} (0 at its start, the steps trained at its end). */
    Context at(int epoch, int stepInEpoch) {
        this.epoch = epoch;
        this.stepInEpoch = stepInEpoch;
        return this;
    }

    @Override
    public List<String> modalities() {
        return model.modalities();
    }

    @Override
    public int numClasses() {
        return model.numClasses();
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public int stepInEpoch() {
        return stepInEpoch;
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public long seed() {
        return seeds.run();
    }

    @Override
    public long seed(String stream) {
        return seeds.plugin(stream);
    }

    @Override
    public int size(DataPart part) {
        return parts.part(part).size();
    }

    @Override
    public FeatureSet features(DataPart part, double fraction, String stream) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("features: fraction must be in (0, 1], got " + fraction);
        }
        DataSplit split = parts.part(part);
        int n = split.size();
        int[] chosen = new int[n];
        Arrays.setAll(chosen, i -> i);
        if (fraction < 1) {
            chosen = Arrays.copyOf(Permutation.of(n, new Random(seeds.named("features:" + stream + ":" + epoch))),
                    Math.max(1, (int) Math.ceil(fraction * n)));
        }
        return extract(split, chosen);
    }

    /** Eval-mode, no-grad features, head logits and fused logits of the samples at {@code positions}. */
    FeatureSet extract(DataSplit split, int[] positions) {
        int[] all = split.labels();
        int[] labels = new int[positions.length];
        Map<String, List<INDArray>> z = new LinkedHashMap<>();
        Map<String, List<INDArray>> logits = new LinkedHashMap<>();
        List<INDArray> fused = new ArrayList<>();
        for (int start = 0; start < positions.length; start += evalBatchSize) {
            int[] idx = Arrays.copyOfRange(positions, start, Math.min(positions.length, start + evalBatchSize));
            for (int i = 0; i < idx.length; i++) {
                labels[start + i] = all[idx[i]];
            }
            Batch b = split.batch(idx, false, null);
            List<INDArray> features = model.encodeFeatures(b.inputs(), false);
            for (int i = 0; i < features.size(); i++) {
                String m = model.modalities().get(i);
                INDArray f = features.get(i);
                z.computeIfAbsent(m, k -> new ArrayList<>()).add(f);
                logits.computeIfAbsent(m, k -> new ArrayList<>()).add(model.head(m).forward(f));
            }
            fused.add(model.fusion().forward(features, false));
        }
        Map<String, INDArray> zOut = new LinkedHashMap<>();
        Map<String, INDArray> lOut = new LinkedHashMap<>();
        z.forEach((m, l) -> zOut.put(m, concat(l)));
        logits.forEach((m, l) -> lOut.put(m, concat(l)));
        return new FeatureSet(positions.clone(), labels, zOut, lOut, concat(fused));
    }

    private static INDArray concat(List<INDArray> rows) {
        return rows.size() == 1 ? rows.get(0) : Nd4j.concat(0, rows.toArray(new INDArray[0]));
    }

    @Override
    public Map<String, INDArray> parameters(String modality) {
        return encoder(modality).parameters();
    }

    @Override
    public redreg.api.Fusion fusion() {
        return model.fusion();
    }

    @Override
    public Map<String, INDArray> headParameters(String modality) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        model.head(modality).parameters().forEach(p -> out.put(p.name(), p.value()));
        return Collections.unmodifiableMap(out);
    }

    private Encoder encoder(String modality) {
        Encoder e = model.encoder(modality);
        if (e == null) {
            throw new IllegalArgumentException("no modality '" + modality + "'; modalities: " + model.modalities());
        }
        return e;
    }

    @Override
    public ParameterSnapshot snapshot(String modality) {
        Map<String, INDArray> copies = new LinkedHashMap<>();
        encoder(modality).parameters().forEach((k, v) -> copies.put(k, v.dup()));
        return new ParameterSnapshot(modality, copies);
    }

    @Override
    public void blend(ParameterSnapshot snapshot, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("blend: alpha must be in [0, 1], got " + alpha);
        }
        Map<String, INDArray> live = encoder(snapshot.modality()).parameters();
        for (var e : snapshot.parameters().entrySet()) {
            INDArray theta = live.get(e.getKey());
            if (theta == null) {
                throw new IllegalArgumentException("blend: " + snapshot.modality() + " has no parameter " + e.getKey());
            }
            // θ ← α·θ_snapshot + (1 − α)·θ, in place (the optimizer holds views of θ)
            theta.muli(1 - alpha).addi(e.getValue().mul(alpha));
        }
    }

    @Override
    public void diagnostic(String name, double value) {
        List<String> metrics = model.loss().objective().metrics(model.modalities());
        if (name.startsWith("val.") || metrics.contains(name) || name.startsWith(model.loss().objective().headMetric() + ".")) {
            throw new IllegalArgumentException("diagnostic '" + name + "' would shadow an evaluation metric");
        }
        epochDiagnostics.put(name, value);
    }

    /** What the plug-ins recorded this epoch; cleared for the next. */
    Map<String, Double> takeEpochDiagnostics() {
        Map<String, Double> out = new LinkedHashMap<>(epochDiagnostics);
        epochDiagnostics.clear();
        return out;
    }

    @Override
    public void freeze(String modality) {
        freezer.accept(modality);
    }

    @Override
    public void resetFusion() {
        fusionReset.run();
    }

    @Override
    public ModelFork fork() {
        return forks.get();
    }
}
