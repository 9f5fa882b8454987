package redreg.api;

/** A service that creates a {@link Task} (modalities and data); {@code provides redreg.api.TaskProvider with …}. */
public interface TaskProvider<C extends Record> extends Plugin<C> {

    Task create(C config, TaskContext context);
}
