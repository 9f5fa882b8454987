package redreg.api.internal.engine.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.Objective;
import redreg.api.config.LossConfig;

/**
 * The loss of a run's {@link Objective}, on a head's outputs: the one place where the step, the forks and the
 * evaluation differ between classification (softmax cross-entropy, exactly {@link Losses}) and regression (MSE or L1
 * on a one-unit linear head). "Outputs" are what the loss reads: softmax probabilities, or the scores themselves.
 */
public abstract sealed class ObjectiveLoss {

    /** What a batch's samples should be: their class indices, or (regression) their real targets. */
    public record Truth(int[] labels, double[] targets) {
        public int size() {
            return labels.length;
        }
    }

    public static ObjectiveLoss of(Objective objective, LossConfig.RegressionLoss regression) {
        return objective instanceof Objective.Regression r ? new Regression(r, regression) : new Classification();
    }

    public abstract Objective objective();

    /** Softmax of the logits, or the scores as they are. */
    public abstract INDArray outputs(INDArray logits);

    /** P(y_i) per sample [B]; null for a regression (no class probabilities). */
    public abstract INDArray trueClass(INDArray outputs, Truth truth);

    /** The batch-mean loss; {@code weights} ([B, 1] or [B]) weigh the samples, null: all 1. */
    public abstract double loss(INDArray outputs, Truth truth, INDArray weights);

    /** d(mean loss)/d logits, times {@code weight}. */
    public abstract INDArray gradient(INDArray outputs, Truth truth, double weight);

    /** Softmax cross-entropy, PyTorch's nn.CrossEntropyLoss (the engine's only loss before issue 19). */
    static final class Classification extends ObjectiveLoss {
        @Override
        public Objective objective() {
            return Objective.classification();
        }

        @Override
        public INDArray outputs(INDArray logits) {
            return Losses.softmax(logits);
        }

        @Override
        public INDArray trueClass(INDArray outputs, Truth truth) {
            return Losses.trueClass(outputs, truth.labels());
        }

        @Override
        public double loss(INDArray outputs, Truth truth, INDArray weights) {
            return weights == null ? Losses.crossEntropy(outputs, truth.labels())
                    : Losses.crossEntropy(outputs, truth.labels(), weights);
        }

        @Override
        public INDArray gradient(INDArray outputs, Truth truth, double weight) {
            INDArray y = Losses.oneHot(truth.labels(), (int) outputs.size(1), outputs);
            return Losses.logitGradient(outputs, y, weight);
        }
    }

    /**
     * MSE (PyTorch's nn.MSELoss: mean of (s − t)², gradient 2(s − t)/B) or L1 (nn.L1Loss: mean of |s − t|, gradient
     * sign(s − t)/B, 0 where s = t) of a [B, 1] score against the targets.
     */
    static final class Regression extends ObjectiveLoss {
        private final Objective.Regression objective;
        private final boolean l1;

        Regression(Objective.Regression objective, LossConfig.RegressionLoss loss) {
            this.objective = objective;
            this.l1 = loss == LossConfig.RegressionLoss.L1;
        }

        @Override
        public Objective objective() {
            return objective;
        }

        @Override
        public INDArray outputs(INDArray logits) {
            return logits;
        }

        @Override
        public INDArray trueClass(INDArray outputs, Truth truth) {
            return null;
        }

        @Override
        public double loss(INDArray outputs, Truth truth, INDArray weights) {
            double[] t = targets(truth);
            double sum = 0;
            for (int i = 0; i < t.length; i++) {
                double e = outputs.getDouble(i, 0) - t[i];
                sum += (weights == null ? 1 : weights.getDouble(i)) * (l1 ? Math.abs(e) : e * e);
            }
            return sum / t.length;
        }

        @Override
        public INDArray gradient(INDArray outputs, Truth truth, double weight) {
            INDArray diff = outputs.sub(Nd4j.createFromArray(targets(truth)).reshape(outputs.size(0), 1)
                    .castTo(outputs.dataType()));
            INDArray g = l1 ? Transforms.sign(diff, false) : diff.muli(2.0);
            return g.muli(weight / outputs.size(0));
        }

        private static double[] targets(Truth truth) {
            if (truth.targets() == null) {
                throw new IllegalStateException("a regression step needs the batch's targets (Batch.targets() is null)");
            }
            return truth.targets();
        }
    }
}
