/**
 * Research code that uses redreg as a library: it compiles against {@code redreg.api} alone and names its task,
 * fusion and regulators in YAML or in config records; the plug-ins are found by ServiceLoader at run time.
 * Like every module that touches ND4J types, it reads the unnamed module
 * ({@code --add-reads redreg.example.research=ALL-UNNAMED}).
 */
module redreg.example.research {
    requires redreg.api;

    exports redreg.example.research;
}
