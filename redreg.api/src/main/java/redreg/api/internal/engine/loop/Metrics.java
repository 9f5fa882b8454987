package redreg.api.internal.engine.loop;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Accuracy and macro-F1 from predicted and true class indices. */
public final class Metrics {
    private Metrics() {
    }

    public static int[] argmax(INDArray scores) {
        int[] out = new int[(int) scores.size(0)];
        INDArray idx = scores.argMax(1);
        for (int i = 0; i < out.length; i++) {
            out[i] = idx.getInt(i);
        }
        return out;
    }

    public static double accuracy(int[] predicted, int[] truth) {
        int hit = 0;
        for (int i = 0; i < truth.length; i++) {
            hit += predicted[i] == truth[i] ? 1 : 0;
        }
        return truth.length == 0 ? 0 : (double) hit / truth.length;
    }

    /** Mean over classes present in truth or predictions of F1 = 2PR/(P+R) (sklearn's average='macro'). */
    public static double macroF1(int[] predicted, int[] truth, int classes) {
        long[] tp = new long[classes];
        long[] fp = new long[classes];
        long[] fn = new long[classes];
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                tp[truth[i]]++;
            } else {
                fp[predicted[i]]++;
                fn[truth[i]]++;
            }
        }
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            if (tp[c] + fp[c] + fn[c] == 0) {
                continue;
            }
            counted++;
            double denom = 2.0 * tp[c] + fp[c] + fn[c];
            sum += denom == 0 ? 0 : 2.0 * tp[c] / denom;
        }
        return counted == 0 ? 0 : sum / counted;
    }
}
