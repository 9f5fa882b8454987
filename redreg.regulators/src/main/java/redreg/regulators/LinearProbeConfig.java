package redreg.regulators;

import redreg.api.Range;

/**
 * The linear probe: train, then freeze every encoder and train a freshly initialised fusion head on the frozen
 * features (BalanceBenchmark's LinearProbe trainer, which probes a trained model's encoders with a new linear head).
 *
 * @param probeEpochs the last this many epochs of the run train the new head on frozen encoders; the epochs before
 *                    train the whole model jointly
 */
public record LinearProbeConfig(@Range(min = 1) int probeEpochs) {

    public static LinearProbeConfig defaults() {
        return new LinearProbeConfig(5);
    }
}
