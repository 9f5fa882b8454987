package redreg.api;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/** The batch before its forward pass; inputs may be rewritten in place or replaced. */
@Stable(since = "0.1")
public interface BatchControl extends Clock {

    List<String> modalities();

    /** The modality's input batch, first dimension the batch. */
    INDArray input(String modality);

    void replaceInput(String modality, INDArray input);

    int[] labels();

    long seed();
}
