/**
 * Tasks: the synthetic imbalance task for tests, the embedded av-digits dataset and published-format loaders
 * (npy-folder, crema-d, kinetics-sounds, cmu-mosi).
 *
 * <p>JTransforms (FFT), razorvine pickle and ND4J stay on the class path: this module reads the unnamed module
 * ({@code --add-reads redreg.tasks=ALL-UNNAMED}, passed by the build and the launcher). The unpickler calls
 * {@code __setstate__} on the NumPy stand-ins reflectively, hence the {@code opens}.
 */
module redreg.tasks {
    requires redreg.api;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.fasterxml.jackson.dataformat.csv;
    requires java.desktop;

    exports redreg.tasks;
    opens redreg.tasks.internal.pickle;

    provides redreg.api.TaskProvider with
            redreg.tasks.internal.SyntheticTask.Provider,
            redreg.tasks.internal.AvDigitsTask.Provider,
            redreg.tasks.internal.NpyFolderTask.Provider,
            redreg.tasks.internal.CremaDTask.Provider,
            redreg.tasks.internal.KineticsSoundsTask.Provider,
            redreg.tasks.internal.CmuMosiTask.Provider;
}
