package redreg.api;

import java.util.List;
import redreg.api.stability.Stable;

/** A multimodal task: its modalities, classes (none for regression), splits and objective. */
@Stable(since = "0.1")
public interface Task {

    List<ModalitySpec> modalities();

    List<String> classes();

    DataSplit train();

    DataSplit test();

    /**
     * What the model predicts: {@link Objective#classification()} over {@link #classes()} (the default, what every
     * task was before issue 19), or a regression whose splits' batches carry {@link Batch#targets()}.
     */
    @redreg.api.stability.Experimental(since = "0.2", why = "issue 19: new")
    default Objective objective() {
        return Objective.classification();
    }
}
