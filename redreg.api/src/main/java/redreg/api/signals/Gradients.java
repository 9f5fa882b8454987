package redreg.api.signals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/** Inner products and projections over a modality's parameter tensors (maps keyed by parameter name). */
@Experimental(since = "0.1", why = "shared signal helpers, shaped by the regulators that use them")
public final class Gradients {
    private Gradients() {
    }

    /** Σ over tensors of ⟨a, b⟩ (keys of {@code a}). */
    public static double dot(Map<String, INDArray> a, Map<String, INDArray> b) {
        double s = 0;
        for (var e : a.entrySet()) {
            s += dot(e.getValue(), b.get(e.getKey()));
        }
        return s;
    }

    public static double dot(INDArray a, INDArray b) {
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(a.length())
                .mul(b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(b.length())).sumNumber().doubleValue();
    }

    public static double squaredNorm(Map<String, INDArray> a) {
        return dot(a, a);
    }

    /** w − anchor per tensor (fresh arrays). */
    public static Map<String, INDArray> difference(Map<String, INDArray> w, Map<String, INDArray> anchor) {
        Map<String, INDArray> d = new LinkedHashMap<>();
        w.forEach((k, v) -> d.put(k, v.sub(anchor.get(k))));
        return d;
    }

    /** Copies of every tensor. */
    public static Map<String, INDArray> copy(Map<String, INDArray> m) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    /**
     * P⊥(g) d = d − (⟨d, g⟩ / (‖g‖² + ε)) g over the whole parameter vector (paper Eqs. 28–29); returns fresh arrays.
     */
    public static Map<String, INDArray> projectOutWhole(Map<String, INDArray> d, Map<String, INDArray> g, double eps) {
        double coef = dot(d, g) / (squaredNorm(g) + eps);
        Map<String, INDArray> out = new LinkedHashMap<>();
        d.forEach((k, v) -> out.put(k, v.sub(g.get(k).mul(coef))));
        return out;
    }

    /** The same projection applied tensor by tensor (the RedReg reference code). */
    public static Map<String, INDArray> projectOutPerTensor(Map<String, INDArray> d, Map<String, INDArray> g, double eps) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        d.forEach((k, v) -> {
            INDArray gk = g.get(k);
            double coef = dot(v, gk) / (dot(gk, gk) + eps);
            out.put(k, v.sub(gk.mul(coef)));
        });
        return out;
    }
}
