/**
 * The redreg SPI and its launcher facade.
 *
 * <p>Exported: the service interfaces that plug-ins implement ({@code redreg.api}), the small layer kit
 * fusion plug-ins build on ({@code redreg.api.nn}) and the experiment facade research code calls
 * ({@code redreg.api.experiment}). The engine and the YAML machinery stay in {@code redreg.api.internal}.
 *
 * <p>DL4J/ND4J ship broken module descriptors, so they live on the class path: this module (and every
 * plug-in module) must read the unnamed module ({@code --add-reads redreg.api=ALL-UNNAMED}); the build and
 * the {@code ./redreg} launcher pass that flag.
 */
module redreg.api {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.fasterxml.jackson.dataformat.csv;
    requires java.management;

    exports redreg.api;
    exports redreg.api.nn;
    exports redreg.api.config;
    exports redreg.api.experiment;
    exports redreg.api.signals;
    // @Stable / @Experimental on every exported SPI type: what a plug-in author may rely on (module-docs/plugins.md)
    exports redreg.api.stability;
    // The bench drives the loop (its step timer, memory probe), builds DL4J's identical graph from the model's
    // encoder factory, and writes table files through the run-file helpers; the step's state stays inside.
    exports redreg.api.internal.engine.loop to redreg.bench;
    exports redreg.api.internal.engine.model to redreg.bench;
    exports redreg.api.internal.engine.runfiles to redreg.bench;
    exports redreg.api.internal.engine.checkpoint to redreg.bench;

    uses redreg.api.RegulatorProvider;
    uses redreg.api.FusionProvider;
    uses redreg.api.TaskProvider;
    uses redreg.api.EncoderProvider;
    provides redreg.api.EncoderProvider with redreg.api.internal.encoders.CnnEncoder,
            redreg.api.internal.encoders.ResNet18Encoder, redreg.api.internal.encoders.MlpEncoder,
            redreg.api.internal.encoders.SequenceEncoder, redreg.api.internal.encoders.TransformerEncoderProvider;
    // The terminal progress bar: the command line provides it, so library users get no progress-bar dependency.
    uses redreg.api.internal.engine.runfiles.ProgressDisplay;
}
