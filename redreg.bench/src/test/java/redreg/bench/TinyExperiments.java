package redreg.bench;

import java.nio.file.Path;
import redreg.api.experiment.Experiment;

/** Small, fast experiments for integration tests. */
final class TinyExperiments {
    private TinyExperiments() {
    }

    /** Audio: a conv branch with batch norm on 1×8×8; visual: an MLP on 6-d. Double precision. */
    static final String TINY = """
            name: tiny
            seed: 3
            task:
              name: synthetic
              classes: 3
              trainSize: 64
              testSize: 48
              modalities:
                - {name: audio, shape: [1, 8, 8], signal: 4.0}
                - {name: visual, shape: [6], signal: 1.5}
            fusion: concat
            regulator: joint
            model:
              encoder: {kind: auto, width: 4, depth: 1, featureSize: 5}
              dtype: double
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.0, weightDecay: 0.0, lrStepEpochs: 0}
            training: {epochs: 1, batchSize: 16, diagnostics: true}
            output: {progress: false}
            """;

    static Experiment tiny(Path outputDir, String... overrides) {
        String[] all = new String[overrides.length + 1];
        all[0] = "output.dir=" + outputDir.toAbsolutePath();
        System.arraycopy(overrides, 0, all, 1, overrides.length);
        return Experiment.fromYaml(TINY, outputDir, all);
    }
}
