package redreg.regulators.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ForwardPass;
import redreg.api.LossControl;
import redreg.api.PassSpec;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.regulators.CmlConfig;

/**
 * CML — Calibrating Multimodal Learning (Ma et al., ICML 2023), as the official miwae/train.py trains it.
 *
 * <ol>
 * <li>A removal chain per sample: a random order of the M modalities; input v (v = 0 … M−1) has the first v of
 *     them removed (input v = 0 is the whole sample, v = M−1 keeps one modality). Removed = input replaced by
 *     zeros (the official code imputes the training mean of the raw features).</li>
 * <li>Classification: the mean over the M inputs of CE(f(x_v), y).</li>
 * <li>Calibration, for each consecutive pair (v, v+1), per sample, with conf = max softmax:
 *     trick 1: ReLU((conf_{v+1} − conf_v)·[pred_v = y] − ε);
 *     trick 2: ReLU((conf_{v+1} − sg(conf_v))·[pred_{v+1} ≠ y ∧ pred_v ≠ y] − ε) (sg: no gradient);
 *     summed over the batch (not averaged) and weighted by λ.</li>
 * </ol>
 * The M inputs are kept extra passes in train mode (input 0 is the step's own forward again); their logit
 * gradients are back-propagated in {@link #regulate}. Any number of modalities (M ≥ 2).
 */
final class Cml implements Regulator {
    private final CmlConfig c;
    private Random random;
    private final List<ForwardPass> passes = new ArrayList<>();
    private double[][][] logitGradients;

    Cml(CmlConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        random = new Random(ctx.seed("cml"));
    }

    /** The removal-order stream. */
    @Override
    public boolean saveState(PluginState state) {
        state.putRandom("order", random);
        return true;
    }

    @Override
    public void restoreState(TrainingContext ctx, PluginState state) {
        random = state.random("order");
    }

    @Override
    public void shapeLoss(LossControl loss) {
        passes.clear();
        List<String> mods = loss.modalities();
        int n = loss.batchSize();
        int[][] order = new int[n][];
        for (int i = 0; i < n; i++) {
            order[i] = shuffled(mods.size(), random);
        }
        double[][][] logits = new double[mods.size()][][];
        for (int v = 0; v < mods.size(); v++) {
            PassSpec spec = PassSpec.train().keep();
            for (int m = 0; m < mods.size(); m++) {
                boolean[] removed = new boolean[n];
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    for (int r = 0; r < v; r++) {
                        removed[i] |= order[i][r] == m;
                    }
                    any |= removed[i];
                }
                if (any) {
                    spec = spec.replace(mods.get(m), withRowsZeroed(loss.modality(mods.get(m)).input(), removed));
                }
            }
            ForwardPass pass = loss.pass(spec);
            passes.add(pass);
            logits[v] = pass.fusedLogits().castTo(DataType.DOUBLE).toDoubleMatrix();
        }
        Objective o = new Objective(logits, loss.labels(), c.lambda(), c.margin());
        loss.diagnostic("cml.rank", o.rank);
        loss.diagnostic("cml.classification", o.classification);
        // Input 0 is the step's own forward: its CE stays the step's fused loss (weight 1/M); its pass carries only
        // the calibration term. (A fused weight of 0 would not do: the head would still learn, detached.)
        loss.setFusedWeight(loss.fusedWeight() / mods.size());
        logitGradients = o.rankGradients;
        for (int v = 1; v < mods.size(); v++) {
            for (int i = 0; i < logitGradients[v].length; i++) {
                for (int j = 0; j < logitGradients[v][i].length; j++) {
                    logitGradients[v][i][j] += o.ceGradients[v][i][j];
                }
            }
        }
    }

    @Override
    public void regulate(StepView step) {
        for (int v = 0; v < passes.size(); v++) {
            passes.get(v).backward(Nd4j.createFromArray(logitGradients[v]).castTo(step.fusedLogits().dataType()));
        }
        passes.clear();
    }

    static int[] shuffled(int m, Random random) {
        int[] p = new int[m];
        for (int i = 0; i < m; i++) {
            p[i] = i;
        }
        for (int i = m - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static INDArray withRowsZeroed(INDArray input, boolean[] rows) {
        INDArray out = input.dup();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i]) {
                out.slice(i).assign(0);
            }
        }
        return out;
    }

    /** The CML loss of one step from the logits of its M inputs ([M][B][K]): value and d loss / d logits. */
    static final class Objective {
        final double classification;
        final double rank;
        /** d(mean CE over the inputs)/d logits and d(λ·rank)/d logits, [M][B][K] each. */
        final double[][][] ceGradients;
        final double[][][] rankGradients;

        Objective(double[][][] logits, int[] y, double lambda, double margin) {
            int inputs = logits.length;
            int n = y.length;
            int k = logits[0][0].length;
            double[][][] p = new double[inputs][n][];
            int[][] pred = new int[inputs][n];
            ceGradients = new double[inputs][n][k];
            rankGradients = new double[inputs][n][k];
            double ce = 0;
            for (int v = 0; v < inputs; v++) {
                for (int i = 0; i < n; i++) {
                    p[v][i] = softmax(logits[v][i]);
                    pred[v][i] = argmax(p[v][i]);
                    ce -= Math.log(p[v][i][y[i]]) / (n * inputs);
                    for (int j = 0; j < k; j++) {
                        ceGradients[v][i][j] = (p[v][i][j] - (j == y[i] ? 1 : 0)) / (n * inputs);
                    }
                }
            }
            double r = 0;
            for (int v = 0; v + 1 < inputs; v++) {
                for (int i = 0; i < n; i++) {
                    double confA = p[v][i][pred[v][i]];
                    double confB = p[v + 1][i][pred[v + 1][i]];
                    if (pred[v][i] == y[i] && confB - confA - margin > 0) {          // trick 1
                        r += confB - confA - margin;
                        addConfidenceGradient(rankGradients[v + 1][i], p[v + 1][i], pred[v + 1][i], lambda);
                        addConfidenceGradient(rankGradients[v][i], p[v][i], pred[v][i], -lambda);
                    }
                    if (pred[v][i] != y[i] && pred[v + 1][i] != y[i] && confB - confA - margin > 0) {   // trick 2
                        r += confB - confA - margin;
                        addConfidenceGradient(rankGradients[v + 1][i], p[v + 1][i], pred[v + 1][i], lambda);
                    }
                }
            }
            classification = ce;
            rank = r;
        }

        /** g += scale · d max-softmax / d logits = scale · p_c (δ_jc − p_j). */
        private static void addConfidenceGradient(double[] g, double[] p, int c, double scale) {
            for (int j = 0; j < g.length; j++) {
                g[j] += scale * p[c] * ((j == c ? 1 : 0) - p[j]);
            }
        }

        double value(double lambda) {
            return classification + lambda * rank;
        }

        private static double[] softmax(double[] l) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : l) {
                max = Math.max(max, x);
            }
            double[] e = new double[l.length];
            double s = 0;
            for (int j = 0; j < l.length; j++) {
                e[j] = Math.exp(l[j] - max);
                s += e[j];
            }
            for (int j = 0; j < l.length; j++) {
                e[j] /= s;
            }
            return e;
        }

        private static int argmax(double[] p) {
            int best = 0;
            for (int j = 1; j < p.length; j++) {
                if (p[j] > p[best]) {
                    best = j;
                }
            }
            return best;
        }
    }
}
