package redreg.api.signals;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/**
 * Representation-to-logit coupling of the paper's Fig. 1: k = ‖f_t − f_{t−1}‖ / (‖z_t − z_{t−1}‖ + ε) on the
 * batch-mean logits f and features z of consecutive steps (batches differ, so means are compared).
 */
@Experimental(since = "0.1", why = "shared signal helpers, shaped by the regulators that use them")
public final class Coupling {
    private final double eps;
    private INDArray lastF;
    private INDArray lastZ;

    public Coupling(double eps) {
        this.eps = eps;
    }

    /** Returns k for this step (NaN on the first call). */
    public double add(INDArray logits, INDArray features) {
        INDArray f = logits.castTo(DataType.DOUBLE).mean(0);
        INDArray z = features.castTo(DataType.DOUBLE).mean(0);
        double k = Double.NaN;
        if (lastF != null) {
            k = f.sub(lastF).norm2Number().doubleValue() / (z.sub(lastZ).norm2Number().doubleValue() + eps);
        }
        lastF = f;
        lastZ = z;
        return k;
    }

    /** Saves the last step's means (a checkpoint's part of the owner's state). */
    public void save(redreg.api.PluginState state) {
        state.putArray("lastF", lastF).putArray("lastZ", lastZ);
    }

    /** Continues from what {@link #save} wrote. */
    public void restore(redreg.api.PluginState state) {
        lastF = state.array("lastF");
        lastZ = state.array("lastZ");
    }
}
