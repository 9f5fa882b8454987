package redreg.api;

import redreg.api.stability.Stable;

/** A service that creates a {@link Task} (modalities and data); {@code provides redreg.api.TaskProvider with …}. */
@Stable(since = "0.1")
public interface TaskProvider<C extends Record> extends Plugin<C> {

    Task create(C config, TaskContext context);
}
