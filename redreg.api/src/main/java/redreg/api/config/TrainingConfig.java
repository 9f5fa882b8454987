package redreg.api.config;

import redreg.api.Range;
import redreg.api.stability.Experimental;

/**
 * @param epochs        training epochs
 * @param batchSize     minibatch size
 * @param evalBatchSize batch size for evaluation
 * @param diagnostics   record the per-step diagnostics in {@code diagnostics.csv}: per modality the paper's RLC
 *                      (rlc.m), DGR (dgr.m), RS (rs.m), mean true-class probability and gradient norm, plus
 *                      whatever the regulator records (gate state, dominant modality, coefficients)
 * @param probeEvery    measure RS (two extra encoder passes per modality) every this many steps (0 = never)
 * @param maxSteps      stop each epoch after this many steps (0 = whole epoch); for smoke runs
 * @param validation    fraction of the training split held out as a validation part (seeded, stratified by
 *                      class; never trained on), offered to plug-ins and to model selection; 0 = none
 * @param select        which epoch's test metrics a run reports: {@code last}, or {@code best-val} (the epoch of
 *                      the best validation accuracy; needs {@code validation > 0})
 * @param checkpointEvery write a checkpoint (model, optimizer, regulator state, random streams, the CSV files'
 *                      lengths) every this many epochs, from which the same command continues after a crash;
 *                      0 = automatic: at the end of an epoch when the time since the last checkpoint plus one more
 *                      epoch would pass 10 minutes (a run loses at most ~10 minutes; short runs write none);
 *                      -1 = never. Does not change the numbers (not part of the run's hash)
 */
@Experimental(since = "0.1", why = "a record: new keys add components")
public record TrainingConfig(@Range(min = 1) int epochs, @Range(min = 1) int batchSize,
                             @Range(min = 1) int evalBatchSize, boolean diagnostics, @Range(min = 0) int probeEvery,
                             @Range(min = 0) int maxSteps, @Range(min = 0, max = 1, maxExclusive = true) double validation,
                             String select, @Range(min = -1) int checkpointEvery) {

    public TrainingConfig {
        if (!java.util.List.of("last", "best-val").contains(select)) {
            throw redreg.api.ConfigException.at("select", "unknown value '" + select + "'; "
                    + redreg.api.ConfigException.didYouMean(select, java.util.List.of("last", "best-val"))
                    + "valid values: last, best-val");
        }
        if (select.equals("best-val") && !(validation > 0)) {
            throw redreg.api.ConfigException.at("select", "best-val needs a validation part; set training.validation, "
                    + "e.g. 0.1");
        }
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 64, 256, true, 10, 0, 0.0, "last", 0);
    }
}
