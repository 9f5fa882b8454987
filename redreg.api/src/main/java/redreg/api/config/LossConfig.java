package redreg.api.config;

import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * @param unimodal       add each modality head's loss to the fused one (the paper's "*" setting); when false the
 *                       heads still learn, on features detached from the encoders
 * @param unimodalWeight weight of each unimodal loss when {@code unimodal} is on
 * @param regression     the loss on a regression task's score ({@code mse}: mean squared error, {@code l1}: mean
 *                       absolute error); a classification task always trains on softmax cross-entropy
 */
@Experimental(since = "0.1", why = "a record: new keys add components")
public record LossConfig(boolean unimodal, @Range(min = 0) double unimodalWeight, RegressionLoss regression) {

    /** The loss on a regression target. */
    public enum RegressionLoss { MSE, L1 }

    public LossConfig {
        regression = regression == null ? RegressionLoss.MSE : regression;
    }

    /** A classification run's losses (the regression loss at its default). */
    public LossConfig(boolean unimodal, double unimodalWeight) {
        this(unimodal, unimodalWeight, RegressionLoss.MSE);
    }

    public static LossConfig defaults() {
        return new LossConfig(false, 1.0, RegressionLoss.MSE);
    }
}
