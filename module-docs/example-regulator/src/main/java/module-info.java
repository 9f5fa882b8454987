/**
 * A worked example of a regulator plug-in in its own module: {@code gradnorm} scales each modality's encoder
 * gradients so that their norms move toward the mean norm.
 *
 * <p>What a plug-in module needs: {@code requires redreg.api} (nothing else of redreg), its config record in an
 * exported package (the registry binds YAML onto it reflectively), the implementation in a package that stays
 * internal, and {@code provides redreg.api.RegulatorProvider with …}. DL4J/ND4J stay on the class path, so this
 * module must read the unnamed module: {@code --add-reads redreg.example.gradnorm=ALL-UNNAMED} when compiling and
 * when running (the launcher: {@code REDREG_READS=redreg.example.gradnorm}).
 */
module redreg.example.gradnorm {
    requires redreg.api;

    exports redreg.example.gradnorm;

    provides redreg.api.RegulatorProvider with redreg.example.gradnorm.internal.GradNormProvider;
}
