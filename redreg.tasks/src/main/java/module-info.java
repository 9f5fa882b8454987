/**
 * Tasks: the synthetic imbalance task for tests, the embedded av-digits dataset and published-format loaders.
 *
 * <p>JTransforms (FFT) and ND4J stay on the class path: this module reads the unnamed module
 * ({@code --add-reads redreg.tasks=ALL-UNNAMED}, passed by the build and the launcher).
 */
module redreg.tasks {
    requires redreg.api;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports redreg.tasks;

    provides redreg.api.TaskProvider with
            redreg.tasks.internal.SyntheticTask.Provider,
            redreg.tasks.internal.AvDigitsTask.Provider,
            redreg.tasks.internal.NpyFolderTask.Provider;
}
