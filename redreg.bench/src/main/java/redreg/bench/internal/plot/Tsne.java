package redreg.bench.internal.plot;

import java.util.Random;

/**
 * Exact t-SNE (van der Maaten and Hinton, 2008) to two dimensions, step for step as scikit-learn's
 * {@code TSNE(method="exact")}: conditional probabilities from squared Euclidean distances with a binary search on
 * each point's precision to the target perplexity, P = (P_{j|i} + P_{i|j}) / Σ; Student-t (one degree of freedom)
 * similarities Q in the embedding; gradient descent on KL(P‖Q) with momentum 0.5 and early exaggeration 12 for the
 * first 250 iterations, momentum 0.8 after, per-coordinate gains (+0.2 / ×0.8, at least 0.01) and the learning
 * rate max(N / 12 / 4, 50). O(N²) memory and time per iteration: meant for a few thousand points (a figure).
 * Checked against scikit-learn's own functions in {@code TsneTest} (values from {@code tsne_reference.py}).
 */
public final class Tsne {
    static final double EARLY_EXAGGERATION = 12;
    static final int EXPLORATION_ITERATIONS = 250;
    private static final int CHECK_EVERY = 50;
    private static final double MACHINE_EPSILON = Math.ulp(1.0);
    private final double perplexity;
    private final int iterations;
    private double klDivergence = Double.NaN;

    /**
     * @param perplexity the effective number of neighbours (sklearn's default 30; less than the number of points)
     * @param iterations total iterations, exploration included (sklearn's default 1000; at least 250)
     */
    public Tsne(double perplexity, int iterations) {
        if (iterations < EXPLORATION_ITERATIONS) {
            throw new IllegalArgumentException("t-SNE needs at least " + EXPLORATION_ITERATIONS + " iterations");
        }
        this.perplexity = perplexity;
        this.iterations = iterations;
    }

    /** KL(P‖Q) at the last iteration of the last {@link #embed}. */
    public double klDivergence() {
        return klDivergence;
    }

    /** Embeds the rows of {@code x} from a random start (Gaussian, σ = 1e-4, as sklearn's init="random"). */
    public double[][] embed(double[][] x, long seed) {
        Random random = new Random(seed);
        double[][] y = new double[x.length][2];
        for (double[] row : y) {
            row[0] = 1e-4 * random.nextGaussian();
            row[1] = 1e-4 * random.nextGaussian();
        }
        return embed(x, y);
    }

    /** Embeds the rows of {@code x} from the given start {@code init} [N, 2] (not changed). */
    public double[][] embed(double[][] x, double[][] init) {
        int n = x.length;
        if (perplexity >= n) {
            throw new IllegalArgumentException("perplexity " + perplexity + " must be less than the number of points " + n);
        }
        double[] p = jointProbabilities(squaredDistances(x), perplexity);
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            y[2 * i] = init[i][0];
            y[2 * i + 1] = init[i][1];
        }
        double learningRate = Math.max(n / EARLY_EXAGGERATION / 4, 50);
        for (int k = 0; k < p.length; k++) {
            p[k] *= EARLY_EXAGGERATION;
        }
        int last = descend(p, y, 0, EXPLORATION_ITERATIONS, 0.5, learningRate, EXPLORATION_ITERATIONS);
        for (int k = 0; k < p.length; k++) {
            p[k] /= EARLY_EXAGGERATION;
        }
        if (last < EXPLORATION_ITERATIONS - 1 || iterations > EXPLORATION_ITERATIONS) {
            descend(p, y, last + 1, iterations, 0.8, learningRate, 300);
        }
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            out[i][0] = y[2 * i];
            out[i][1] = y[2 * i + 1];
        }
        return out;
    }

    /**
     * sklearn's {@code _gradient_descent} over the flat embedding {@code y} (in place): fresh momentum and gains;
     * stops early without progress over {@code patience} iterations; returns the last iteration run.
     */
    int descend(double[] p, double[] y, int from, int to, double momentum, double learningRate, int patience) {
        int n = y.length / 2;
        double[] update = new double[y.length];
        double[] gains = new double[y.length];
        java.util.Arrays.fill(gains, 1.0);
        double[] grad = new double[y.length];
        double bestError = Double.MAX_VALUE;
        int bestIteration = from;
        int i = from;
        for (; i < to; i++) {
            boolean check = (i + 1) % CHECK_EVERY == 0;
            double error = gradient(p, y, n, grad, check || i == to - 1);
            klDivergence = Double.isNaN(error) ? klDivergence : error;
            double norm = 0;
            for (int k = 0; k < y.length; k++) {
                if (update[k] * grad[k] < 0) {
                    gains[k] += 0.2;
                } else {
                    gains[k] *= 0.8;
                }
                gains[k] = Math.max(gains[k], 0.01);
                grad[k] *= gains[k];
                norm += grad[k] * grad[k];
                update[k] = momentum * update[k] - learningRate * grad[k];
                y[k] += update[k];
            }
            if (check) {
                if (error < bestError) {
                    bestError = error;
                    bestIteration = i;
                } else if (i - bestIteration > patience) {
                    break;
                }
                if (Math.sqrt(norm) <= 1e-7) {
                    break;
                }
            }
        }
        return Math.min(i, to - 1);
    }

    /**
     * sklearn's {@code _kl_divergence} with one degree of freedom: fills {@code grad} with
     * dKL/dy_i = 4 Σ_j (p_ij − q_ij)(1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j); returns KL(P‖Q) when asked, else NaN.
     */
    static double gradient(double[] p, double[] y, int n, double[] grad, boolean error) {
        double[] w = new double[p.length];
        double sum = 0;
        for (int i = 0, k = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, k++) {
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                w[k] = 1 / (1 + dx * dx + dy * dy);
                sum += w[k];
            }
        }
        java.util.Arrays.fill(grad, 0);
        double kl = 0;
        for (int i = 0, k = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, k++) {
                double q = Math.max(w[k] / (2 * sum), MACHINE_EPSILON);
                if (error) {
                    kl += 2 * p[k] * Math.log(Math.max(p[k], MACHINE_EPSILON) / q);
                }
                double f = (p[k] - q) * w[k];
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                grad[2 * i] += f * dx;
                grad[2 * i + 1] += f * dy;
                grad[2 * j] -= f * dx;
                grad[2 * j + 1] -= f * dy;
            }
        }
        for (int k = 0; k < grad.length; k++) {
            grad[k] *= 4;
        }
        return error ? kl : Double.NaN;
    }

    static double[][] squaredDistances(double[][] x) {
        int n = x.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int c = 0; c < x[i].length; c++) {
                    double diff = x[i][c] - x[j][c];
                    s += diff * diff;
                }
                // sklearn searches the precisions on float32 distances; rounded alike, P agrees to double precision
                d[i][j] = (float) s;
                d[j][i] = (float) s;
            }
        }
        return d;
    }

    /**
     * The symmetric joint probabilities p_ij over pairs i &lt; j (row-major, condensed as scipy's pdist), from
     * each point's conditional distribution at the target perplexity (sklearn's {@code _binary_search_perplexity}:
     * at most 100 bisection steps on the precision β, entropy tolerance 1e-5).
     */
    static double[] jointProbabilities(double[][] distances, double perplexity) {
        int n = distances.length;
        double[][] conditional = new double[n][n];
        double desiredEntropy = Math.log(perplexity);
        for (int i = 0; i < n; i++) {
            double beta = 1;
            double betaMin = Double.NEGATIVE_INFINITY;
            double betaMax = Double.POSITIVE_INFINITY;
            double[] row = conditional[i];
            for (int step = 0; step < 100; step++) {
                double sumP = 0;
                for (int j = 0; j < n; j++) {
                    row[j] = j == i ? 0 : Math.exp(-distances[i][j] * beta);
                    sumP += row[j];
                }
                if (sumP == 0) {
                    sumP = 1e-8;
                }
                double sumDistP = 0;
                for (int j = 0; j < n; j++) {
                    row[j] /= sumP;
                    sumDistP += distances[i][j] * row[j];
                }
                double entropy = Math.log(sumP) + beta * sumDistP;
                double diff = entropy - desiredEntropy;
                if (Math.abs(diff) <= 1e-5) {
                    break;
                }
                if (diff > 0) {
                    betaMin = beta;
                    beta = betaMax == Double.POSITIVE_INFINITY ? beta * 2 : (beta + betaMax) / 2;
                } else {
                    betaMax = beta;
                    beta = betaMin == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + betaMin) / 2;
                }
            }
        }
        double[] p = new double[n * (n - 1) / 2];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                total += conditional[i][j] + conditional[j][i];
            }
        }
        total = Math.max(total, MACHINE_EPSILON);
        for (int i = 0, k = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, k++) {
                p[k] = Math.max((conditional[i][j] + conditional[j][i]) / total, MACHINE_EPSILON);
            }
        }
        return p;
    }
}
