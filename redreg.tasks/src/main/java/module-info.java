/** Tasks: the synthetic imbalance task for tests, the embedded av-digits dataset and published-format loaders. */
module redreg.tasks {
    requires redreg.api;

    exports redreg.tasks;

    provides redreg.api.TaskProvider with
            redreg.tasks.internal.SyntheticTask.Provider;
}
