package redreg.regulators;

import redreg.api.ConfigException;

/**
 * MMPareto's options (Wei &amp; Hu, ICML 2024).
 *
 * @param gamma γ: the final scale of each encoder tensor's combined gradient (1.5, hard-coded in the code)
 */
public record MmParetoConfig(double gamma) {

    public MmParetoConfig {
        if (!(gamma > 0)) {
            throw new ConfigException("gamma: expected a positive value, got " + gamma);
        }
    }

    public static MmParetoConfig defaults() {
        return new MmParetoConfig(1.5);
    }
}
