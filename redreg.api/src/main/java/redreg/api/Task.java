package redreg.api;

import java.util.List;
import redreg.api.stability.Stable;

/** A multimodal classification task: its modalities, classes and splits. */
@Stable(since = "0.1")
public interface Task {

    List<ModalitySpec> modalities();

    List<String> classes();

    DataSplit train();

    DataSplit test();
}
