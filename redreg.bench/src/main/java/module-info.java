/**
 * The command line ({@code redreg run|list|table|bench}) and the benchmarks. The built-in plug-in modules are
 * required so that they ship with the command; any other plug-in jar on the module path is bound through
 * {@code ServiceLoader} all the same.
 */
module redreg.bench {
    requires redreg.api;
    requires redreg.regulators;
    requires redreg.fusion;
    requires redreg.tasks;
    requires java.desktop;
    requires info.picocli;
    requires java.management;
    requires me.tongfei.progressbar;
    requires com.fasterxml.jackson.dataformat.csv;
    requires org.knowm.xchart;
    requires commons.math3;

    exports redreg.bench;
    // picocli reads the commands' annotated fields reflectively
    opens redreg.bench.internal.cli to info.picocli;

    // The terminal progress bar of a run (redreg.api itself ships none).
    provides redreg.api.internal.engine.runfiles.ProgressDisplay with redreg.bench.internal.TerminalProgress;
}
