package redreg.regulators;

import redreg.api.Range;

/**
 * CML's options (Ma, Zhang, Zhang, Wu, Fu, Zhou &amp; Hu, ICML 2023, "Calibrating Multimodal Learning"). Defaults: the
 * official code's README run ({@code --beta 10}, the loss weight being β/100) and its argparse ε;
 * BalanceBenchmark's {@code lam} is 0.1 as well.
 *
 * @param lambda weight of the calibration (ranking) term, β/100 of the official code
 * @param margin ε, the tolerance of the hinge: a confidence may rise by up to ε when a modality is removed
 */
public record CmlConfig(@Range(min = 0) double lambda, @Range(min = 0, max = 1) double margin) {

    public static CmlConfig defaults() {
        return new CmlConfig(0.1, 0.0);
    }
}
