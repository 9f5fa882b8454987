package redreg.tasks.internal;

import java.util.ArrayList;
import java.util.List;
import redreg.api.DataSplit;
import redreg.api.ModalitySpec;
import redreg.api.Task;

/**
 * What the built-in tasks share: the modalities, classes and two splits a task loads when it is built (its
 * constructor fills them in), served as they are, and the one-line reports of the bad samples it skipped.
 *
 * @param <S> the splits' type (in-memory arrays, or clips decoded batch by batch)
 */
abstract class LoadedTask<S extends DataSplit> implements Task {
    protected final List<ModalitySpec> modalities = new ArrayList<>();
    protected final List<String> classes = new ArrayList<>();
    protected S train;
    protected S test;
    /** What the task's model predicts; a task that loads real targets sets a regression. */
    protected redreg.api.Objective objective = redreg.api.Objective.classification();
    private final List<String> reports = new ArrayList<>();

    /** Keeps the skipped-samples line of one split (none when nothing was skipped). */
    protected final void report(BadSamples bad, String split, int total) {
        String line = bad.report(split, total);
        if (line != null) {
            reports.add(line);
        }
    }

    /** The skipped-samples lines, one per split that skipped any. */
    public final List<String> reports() {
        return reports;
    }

    @Override
    public final List<ModalitySpec> modalities() {
        return modalities;
    }

    @Override
    public final List<String> classes() {
        return classes;
    }

    @Override
    public final DataSplit train() {
        return train;
    }

    @Override
    public final DataSplit test() {
        return test;
    }

    @Override
    public final redreg.api.Objective objective() {
        return objective;
    }
}
