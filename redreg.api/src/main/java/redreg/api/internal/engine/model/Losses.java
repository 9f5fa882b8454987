package redreg.api.internal.engine.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Softmax cross-entropy on logits, batch mean (PyTorch's nn.CrossEntropyLoss). */
public final class Losses {
    private Losses() {
    }

    public static INDArray softmax(INDArray logits) {
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray e = Transforms.exp(shifted, false);
        return e.diviColumnVector(e.sum(true, 1));
    }

    public static INDArray oneHot(int[] labels, int classes, INDArray like) {
        INDArray y = Nd4j.zeros(like.dataType(), labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }

    /** Mean of −log p[y] over the batch. */
    public static double crossEntropy(INDArray probabilities, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(Math.max(probabilities.getDouble(i, labels[i]), 1e-30));
        }
        return sum / labels.length;
    }

    /** (1/B)·Σ_i w_i·(−log p_i[y_i]): the cross-entropy with per-sample weights ([B, 1] or [B]). */
    public static double crossEntropy(INDArray probabilities, int[] labels, INDArray weights) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= weights.getDouble(i) * Math.log(Math.max(probabilities.getDouble(i, labels[i]), 1e-30));
        }
        return sum / labels.length;
    }

    /** d(mean CE)/d logits = (p − y) / B, times {@code weight}. */
    public static INDArray logitGradient(INDArray probabilities, INDArray oneHot, double weight) {
        return probabilities.sub(oneHot).muli(weight / probabilities.size(0));
    }

    /** P(y_i) for each row, [B]. */
    public static INDArray trueClass(INDArray probabilities, int[] labels) {
        double[] v = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            v[i] = probabilities.getDouble(i, labels[i]);
        }
        return Nd4j.createFromArray(v).castTo(probabilities.dataType());
    }
}
