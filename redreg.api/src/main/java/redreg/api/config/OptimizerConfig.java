package redreg.api.config;

import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * @param kind         {@code sgd} (PyTorch-style heavy-ball momentum) or {@code adam}
 * @param lr           learning rate (0 freezes the weights: a run that only evaluates, or measures, the initial model)
 * @param momentum     SGD momentum (Adam: β1)
 * @param weightDecay  L2 added to the gradient after the regulator (PyTorch's weight_decay)
 * @param lrStepEpochs StepLR period in epochs (0 = constant)
 * @param lrGamma      StepLR factor
 */
@Experimental(since = "0.1", why = "a record: new keys add components")
public record OptimizerConfig(String kind, @Range(min = 0) double lr,
                              @Range(min = 0, max = 1, maxExclusive = true) double momentum,
                              @Range(min = 0) double weightDecay, @Range(min = 0) int lrStepEpochs,
                              @Range(min = 0, max = 1, minExclusive = true) double lrGamma) {

    public OptimizerConfig {
        if (!"sgd".equals(kind) && !"adam".equals(kind)) {
            throw redreg.api.ConfigException.at("kind", "unknown optimizer '" + kind + "'; "
                    + redreg.api.ConfigException.didYouMean(kind, java.util.List.of("sgd", "adam")) + "valid: sgd, adam");
        }
    }

    public static OptimizerConfig defaults() {
        return new OptimizerConfig("sgd", 0.002, 0.9, 1e-4, 40, 0.1);
    }
}
