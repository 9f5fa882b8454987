package redreg.regulators;

import redreg.api.Range;

/**
 * MMPareto's options (Wei &amp; Hu, ICML 2024).
 *
 * @param gamma γ: the final scale of each encoder tensor's combined gradient (1.5, hard-coded in the code)
 */
public record MmParetoConfig(@Range(min = 0, minExclusive = true) double gamma) {

    public static MmParetoConfig defaults() {
        return new MmParetoConfig(1.5);
    }
}
