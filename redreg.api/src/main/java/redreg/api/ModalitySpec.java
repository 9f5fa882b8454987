package redreg.api;

import java.util.Arrays;
import redreg.api.stability.Stable;

/**
 * One modality of a task.
 *
 * @param name  name used in configs and logs ({@code audio}, {@code visual}, …)
 * @param shape shape of one sample: [C, H, W] (image-like), [T, D] (sequence) or [D] (vector)
 */
@Stable(since = "0.1")
public record ModalitySpec(String name, long[] shape) {

    public ModalitySpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
