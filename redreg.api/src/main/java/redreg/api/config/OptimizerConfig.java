package redreg.api.config;

/**
 * @param kind         {@code sgd} (PyTorch-style heavy-ball momentum) or {@code adam}
 * @param lr           learning rate
 * @param momentum     SGD momentum (Adam: β1)
 * @param weightDecay  L2 added to the gradient after the regulator (PyTorch's weight_decay)
 * @param lrStepEpochs StepLR period in epochs (0 = constant)
 * @param lrGamma      StepLR factor
 */
public record OptimizerConfig(String kind, double lr, double momentum, double weightDecay,
                              int lrStepEpochs, double lrGamma) {

    public static OptimizerConfig defaults() {
        return new OptimizerConfig("sgd", 0.002, 0.9, 1e-4, 40, 0.1);
    }
}
