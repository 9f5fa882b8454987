package redreg.api;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The batch before its forward pass; inputs may be rewritten in place or replaced. */
public interface BatchControl extends Clock {

    List<String> modalities();

    /** The modality's input batch, first dimension the batch. */
    INDArray input(String modality);

    void replaceInput(String modality, INDArray input);

    int[] labels();

    long seed();
}
