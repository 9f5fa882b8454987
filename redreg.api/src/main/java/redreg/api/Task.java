package redreg.api;

import java.util.List;

/** A multimodal classification task: its modalities, classes and splits. */
public interface Task {

    List<ModalitySpec> modalities();

    List<String> classes();

    DataSplit train();

    DataSplit test();
}
