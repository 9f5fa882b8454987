package redreg.api.signals;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ModalityStep;
import redreg.api.stability.Experimental;

/**
 * Training-time signals of the RedReg paper, shared by every regulator and by the engine's diagnostics.
 * Noise is drawn from a {@link java.util.Random} in C order so that an independent script can replay it.
 */
@Experimental(since = "0.1", why = "shared signal helpers, shaped by the regulators that use them")
public final class Probes {
    private Probes() {
    }

    /** An array shaped like {@code like} filled with σ·N(0,1) draws from {@code random}, in C order. */
    public static INDArray gaussian(INDArray like, double sigma, Random random) {
        double[] v = new double[(int) like.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = sigma * random.nextGaussian();
        }
        return Nd4j.create(v, like.shape(), DataType.DOUBLE).castTo(like.dataType());
    }

    /**
     * Redundancy score (Eqs. 17–20): two noisy copies x⁽¹⁾, x⁽²⁾ of the input through the encoder alone,
     * ‖Z⁽¹⁾ − Z⁽²⁾‖² / (‖x⁽¹⁾ − x⁽²⁾‖² + ε). With {@code means} the squared norms are replaced by means over
     * elements (the reference code).
     */
    public static double redundancy(ModalityStep m, double sigma, double eps, boolean evalMode, boolean means,
                                    Random random) {
        INDArray x = m.input();
        INDArray x1 = x.add(gaussian(x, sigma, random));
        INDArray x2 = x.add(gaussian(x, sigma, random));
        INDArray z1 = m.encode(x1, !evalMode);
        INDArray z2 = m.encode(x2, !evalMode);
        return redundancy(x1, x2, z1, z2, eps, means);
    }

    public static double redundancy(INDArray x1, INDArray x2, INDArray z1, INDArray z2, double eps, boolean means) {
        double dz = squared(z1.sub(z2));
        double dx = squared(x1.sub(x2));
        if (means) {
            dz /= z1.length();
            dx /= x1.length();
        }
        return dz / (dx + eps);
    }

    private static double squared(INDArray a) {
        INDArray d = a.castTo(DataType.DOUBLE);
        return d.mul(d).sumNumber().doubleValue();
    }

    /** Mean over the batch of the cosine between paired rows of a and b (Eq. 23). */
    public static double pairedCosine(INDArray a, INDArray b) {
        if (a.size(1) != b.size(1)) {
            throw new IllegalArgumentException("paired cosine needs equal feature sizes, got " + a.size(1)
                    + " and " + b.size(1));
        }
        INDArray ad = a.castTo(DataType.DOUBLE);
        INDArray bd = b.castTo(DataType.DOUBLE);
        INDArray dots = ad.mul(bd).sum(1);
        INDArray na = ad.norm2(1);
        INDArray nb = bd.norm2(1);
        double s = 0;
        for (int i = 0; i < dots.length(); i++) {
            s += dots.getDouble(i) / Math.max(na.getDouble(i) * nb.getDouble(i), 1e-12);
        }
        return s / dots.length();
    }

    /** Batch mean of the true-class probability (Eq. 14). */
    public static double meanTrueClass(ModalityStep m) {
        return m.trueClassProbabilities().castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    /** Batch sum of the true-class probability (the score of OGM-GE and InfoReg). */
    public static double sumTrueClass(ModalityStep m) {
        return m.trueClassProbabilities().castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }
}
