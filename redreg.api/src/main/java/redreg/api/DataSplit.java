package redreg.api;

import java.util.Random;
import redreg.api.stability.Stable;

/** One split of a task's data. */
@Stable(since = "0.1")
public interface DataSplit {

    int size();

    /** Class index of every sample. */
    int[] labels();

    /**
     * Materialises the samples at {@code indices}; {@code training} switches on train-time augmentation,
     * drawn from {@code random}.
     */
    Batch batch(int[] indices, boolean training, Random random);
}
