package redreg.regulators.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ConfigException;
import redreg.api.DataPart;
import redreg.api.FeatureSet;
import redreg.api.ParameterSnapshot;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.regulators.RelearningConfig;

/**
 * Diagnosing &amp; Re-learning (Wei, Li, Feng &amp; Hu, ECCV 2024), as the official code/ours.py does it.
 *
 * <ol>
 * <li>Steps: plain training on the configured losses; nothing is modulated per step.</li>
 * <li>Diagnosis, after epochs e &gt; 0 with e % reinitEpoch == 0 (at most reinitNum times): for each modality,
 *     pooled features of the whole training part and of the validation part (eval mode, no grad), each
 *     min-max scaled to [−1, 1] per dimension on its own split, clustered by k-means with k = classes; purity
 *     P = (1/N)·Σ_clusters (count of the cluster's majority label).</li>
 * <li>α_m = tanh(λ·|P_train − P_val|).</li>
 * <li>Re-learning: θ_m ← α_m·θ_m^init + (1 − α_m)·θ_m for every trainable parameter of encoder m; θ^init is the
 *     state before any training. Batch-norm statistics, optimizer state and the heads are kept.</li>
 * </ol>
 * Works per modality, for any number of modalities.
 */
final class Relearning implements Regulator {
    private final RelearningConfig c;
    private final Map<String, ParameterSnapshot> initial = new HashMap<>();
    private int reinits;

    Relearning(RelearningConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        if (ctx.size(DataPart.VALIDATION) == 0) {
            throw new ConfigException("regulator relearning: needs a validation split to diagnose on; set "
                    + "training.validation (e.g. 0.1), got 0 validation samples");
        }
        ctx.modalities().forEach(m -> initial.put(m, ctx.snapshot(m)));
    }

    /** The initial parameters θ^init and how many re-initialisations were done. */
    @Override
    public boolean saveState(PluginState state) {
        state.putInt("reinits", reinits);
        initial.forEach((m, s) -> state.child("initial").putArrays(m, s.parameters()));
        return true;
    }

    @Override
    public void restoreState(TrainingContext ctx, PluginState state) {
        reinits = state.getInt("reinits");
        ctx.modalities().forEach(m -> initial.put(m, new ParameterSnapshot(m, state.getChild("initial").arrays(m))));
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, Map<String, Double> metrics) {
        int e = ctx.epoch();
        if (e == 0 || e % c.reinitEpoch() != 0 || reinits >= c.reinitNum()) {
            return;
        }
        reinits++;
        FeatureSet train = ctx.features(DataPart.TRAIN, 1.0, "relearning");
        FeatureSet validation = ctx.features(DataPart.VALIDATION, 1.0, "relearning");
        long seed = ctx.seed("relearning.kmeans");
        for (String m : ctx.modalities()) {
            double pTrain = purity(scaled(train.features().get(m)), train.labels(), ctx.numClasses(), seed);
            double pVal = purity(scaled(validation.features().get(m)), validation.labels(), ctx.numClasses(), seed);
            double alpha = alpha(pTrain, pVal);
            ctx.diagnostic("relearning.purityTrain." + m, pTrain);
            ctx.diagnostic("relearning.purityVal." + m, pVal);
            ctx.diagnostic("relearning.alpha." + m, alpha);
            ctx.blend(initial.get(m), alpha);
        }
    }

    double alpha(double pTrain, double pVal) {
        return Math.tanh(c.lambda() * Math.abs(pTrain - pVal));
    }

    @Override
    public void regulate(StepView step) {
        // Re-learning acts between epochs only.
    }

    /** Min-max scaling of each column to [−1, 1] on the given rows (sklearn's MinMaxScaler((−1, 1))). */
    static double[][] scaled(INDArray features) {
        double[][] x = features.castTo(DataType.DOUBLE).toDoubleMatrix();
        int d = x[0].length;
        for (int j = 0; j < d; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                lo = Math.min(lo, row[j]);
                hi = Math.max(hi, row[j]);
            }
            double range = hi - lo == 0 ? 1 : hi - lo; // a constant column maps to −1, as sklearn's does
            for (double[] row : x) {
                row[j] = 2 * (row[j] - lo) / range - 1;
            }
        }
        return x;
    }

    /** Purity of a seeded k-means++ / Lloyd clustering with {@code k} clusters. */
    double purity(double[][] x, int[] labels, int k, long seed) {
        List<DoublePoint> points = new ArrayList<>(x.length);
        for (double[] row : x) {
            points.add(new DoublePoint(row));
        }
        JDKRandomGenerator random = new JDKRandomGenerator();
        random.setSeed(seed);
        List<CentroidCluster<DoublePoint>> clusters =
                new KMeansPlusPlusClusterer<DoublePoint>(Math.min(k, x.length), c.maxIterations(), new EuclideanDistance(), random)
                        .cluster(points);
        Map<DoublePoint, Integer> label = new java.util.IdentityHashMap<>();
        for (int i = 0; i < x.length; i++) {
            label.put(points.get(i), labels[i]);
        }
        int[][] assignment = new int[clusters.size()][];
        for (int q = 0; q < clusters.size(); q++) {
            assignment[q] = clusters.get(q).getPoints().stream().mapToInt(label::get).toArray();
        }
        return purity(assignment, k, x.length);
    }

    /** (1/N)·Σ_clusters max_label count, from each cluster's labels. */
    static double purity(int[][] clusterLabels, int classes, int n) {
        int majority = 0;
        for (int[] cluster : clusterLabels) {
            int[] count = new int[classes];
            int best = 0;
            for (int l : cluster) {
                best = Math.max(best, ++count[l]);
            }
            majority += best;
        }
        return (double) majority / n;
    }
}
