package redreg.api.experiment;

import redreg.api.Range;

/**
 * @param epochs        training epochs
 * @param batchSize     minibatch size
 * @param evalBatchSize batch size for evaluation
 * @param diagnostics   record the per-step diagnostics in {@code diagnostics.csv}: per modality the paper's RLC
 *                      (rlc.m), DGR (dgr.m), RS (rs.m), mean true-class probability and gradient norm, plus
 *                      whatever the regulator records (gate state, dominant modality, coefficients)
 * @param probeEvery    measure RS (two extra encoder passes per modality) every this many steps (0 = never)
 * @param maxSteps      stop each epoch after this many steps (0 = whole epoch); for smoke runs
 */
public record TrainingConfig(@Range(min = 1) int epochs, @Range(min = 1) int batchSize,
                             @Range(min = 1) int evalBatchSize, boolean diagnostics, @Range(min = 0) int probeEvery,
                             @Range(min = 0) int maxSteps) {

    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 64, 256, true, 10, 0);
    }
}
