package redreg.regulators.internal;

/** Softmax and arg-max of one row of logits, in double (the methods that work sample by sample share them). */
final class LogitRows {
    private LogitRows() {
    }

    static double[] softmax(double[] l) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double[] p = new double[l.length];
        double sum = 0;
        for (int j = 0; j < l.length; j++) {
            p[j] = Math.exp(l[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < l.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /** The first index of the largest value (numpy's and torch's tie rule). */
    static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Back through softmax at p: into += Jᵀ·d, i.e. into_j += p_j·(d_j − Σ_k p_k·d_k). */
    static void addSoftmaxBackward(double[] into, double[] p, double[] d) {
        double dot = 0;
        for (int j = 0; j < p.length; j++) {
            dot += p[j] * d[j];
        }
        for (int j = 0; j < p.length; j++) {
            into[j] += p[j] * (d[j] - dot);
        }
    }
}
