package redreg.regulators;

import redreg.api.Range;

/**
 * Sample-level modality valuation's options (Wei, Feng, Wang &amp; Hu, CVPR 2024; official
 * {@code code/sample_level.py}). The resampling thresholds are the code's constants, not options.
 *
 * @param warmupEpochs epochs of plain joint training before the valuation starts re-sampling (the code's
 *                     {@code --warmup}, 5)
 */
public record ValuationConfig(@Range(min = 0) int warmupEpochs) {

    public static ValuationConfig defaults() {
        return new ValuationConfig(5);
    }
}
