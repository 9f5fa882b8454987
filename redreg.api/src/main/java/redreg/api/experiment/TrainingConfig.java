package redreg.api.experiment;

/**
 * @param epochs        training epochs
 * @param batchSize     minibatch size
 * @param evalBatchSize batch size for evaluation
 * @param diagnostics   record the per-step diagnostics (RLC, DGR, RS …) in {@code diagnostics.csv}
 * @param maxSteps      stop each epoch after this many steps (0 = whole epoch); for smoke runs
 */
public record TrainingConfig(int epochs, int batchSize, int evalBatchSize, boolean diagnostics, int maxSteps) {

    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 64, 256, true, 0);
    }
}
