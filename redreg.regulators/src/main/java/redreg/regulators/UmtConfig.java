package redreg.regulators;

import redreg.api.Range;

/**
 * UMT's options (Du, Teng, Li, Liu, Yuan, Wang, Yuan &amp; Zhao, ICML 2023, "On Uni-Modal Feature Learning in Supervised
 * Multi-Modal Learning"). Defaults: BalanceBenchmark's {@code scaling} 10 (the paper's own weight could not be read).
 *
 * @param weight        λ of λ·Σ_m MSE(z_m, t_m), the feature distillation from each uni-modal teacher
 * @param teacherEpochs epochs each uni-modal teacher trains before the run (0: as many as the run)
 */
public record UmtConfig(@Range(min = 0) double weight, @Range(min = 0) int teacherEpochs) {

    public static UmtConfig defaults() {
        return new UmtConfig(10.0, 0);
    }
}
