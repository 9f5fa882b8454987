package redreg.api.experiment;

import redreg.api.Range;
import redreg.api.config.LossConfig;
import redreg.api.config.OptimizerConfig;
import redreg.api.config.PluginSpec;
import redreg.api.config.TrainingConfig;
import redreg.api.stability.Experimental;

/**
 * A whole experiment, as composed from YAML (see {@link Experiment#load}).
 *
 * @param name      run name (folder prefix): a plain file name (letters, digits, {@code . _ -}, starting with a
 *                  letter or digit, at most 100 characters)
 * @param seed      seed of everything random in the run
 * @param task      the task plug-in and its options
 * @param fusion    the fusion plug-in and its options
 * @param regulator the regulator plug-in and its options
 */
@Experimental(since = "0.1", why = "a record: new keys add components")
public record ExperimentConfig(String name, @Range long seed, PluginSpec task, PluginSpec fusion, PluginSpec regulator,
                               ModelConfig model, LossConfig losses, OptimizerConfig optimizer,
                               TrainingConfig training, OutputConfig output) {

    public ExperimentConfig {
        Configs.checkPlainName("name", name);
    }

    public static ExperimentConfig defaults() {
        return new ExperimentConfig("experiment", 42, PluginSpec.of("synthetic"), PluginSpec.of("concat"),
                PluginSpec.of("joint"), ModelConfig.defaults(), LossConfig.defaults(), OptimizerConfig.defaults(),
                TrainingConfig.defaults(), OutputConfig.defaults());
    }
}
