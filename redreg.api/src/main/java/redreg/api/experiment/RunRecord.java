package redreg.api.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import redreg.api.EpochMetrics;
import redreg.api.stability.Experimental;

/**
 * A finished run's {@code result.json}: its numbers and what they rest on (Tribuo's provenance is the model).
 *
 * @param name          the experiment's name
 * @param hash          hash of the resolved config (the run's key in a table)
 * @param seed          the run's seed
 * @param kernels       the native kernel build that computed the numbers (same seed, same numbers per build)
 * @param metrics       the selected epoch's test metrics
 * @param selectedEpoch the epoch reported ({@code training.select}: the last, or the best on validation)
 * @param epochs        every epoch's metrics
 * @param msPerStep     mean wall time of a training step
 * @param diverged      why training stopped early (a non-finite loss), or null
 * @param config        the whole resolved config
 * @param fingerprint   content hashes of the code (redreg.api and the plug-ins' modules): a table reruns a result
 *                      made by other code
 * @param environment   where it ran
 * @param data          the data files the task read, with their content hashes
 */
@Experimental(since = "0.1", why = "issue 18: the result file's provenance fields are new")
public record RunRecord(String name, String hash, long seed, String kernels, Map<String, Double> metrics,
                        int selectedEpoch, List<EpochMetrics> epochs, double msPerStep, String diverged,
                        JsonNode config, Map<String, String> fingerprint, Environment environment,
                        List<DataFile> data) {

    /**
     * @param jvm     vendor, VM and version
     * @param os      name and version
     * @param arch    CPU architecture
     * @param dl4j    DeepLearning4J version
     * @param nd4j    ND4J version
     * @param backend ND4J backend class
     * @param threads {@code OMP_NUM_THREADS} ("all cores" when unset)
     */
    public record Environment(String jvm, String os, String arch, String dl4j, String nd4j, String backend,
                              String threads) {
    }

    /**
     * @param path   absolute path
     * @param bytes  size
     * @param sha256 content hash (hex)
     */
    public record DataFile(String path, long bytes, String sha256) {
    }
}
