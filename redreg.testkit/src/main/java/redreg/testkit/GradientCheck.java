package redreg.testkit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.LossControl;

/**
 * Checks an analytic gradient against central finite differences, {@code (f(x + h·e_i) − f(x − h·e_i)) / 2h} for
 * every element i of every named tensor, in double precision.
 *
 * <pre>{@code
 * GradientCheck.of(x -> myLoss(x.get("z"))).compare(Map.of("z", z), Map.of("z", myGradient(z))).assertWithin(1e-6);
 *
 * // a loss term a regulator adds in shapeLoss, against the d/dz it reports:
 * GradientCheck.ofTerm("pmr.audio", z -> stepWithFeatures(z), pmr::shapeLoss).at(features).assertWithin(1e-6);
 * }</pre>
 *
 * The error of an element is {@code |analytic − numeric| / max(1, |analytic|, |numeric|)}: absolute for small
 * derivatives, relative for large ones.
 */
public final class GradientCheck {
    private final ToDoubleFunction<Map<String, INDArray>> f;
    private double h = 1e-6;

    private GradientCheck(ToDoubleFunction<Map<String, INDArray>> f) {
        this.f = f;
    }

    /** A scalar function of named tensors; it must not change its argument. */
    public static GradientCheck of(ToDoubleFunction<Map<String, INDArray>> f) {
        return new GradientCheck(f);
    }

    /** A scalar function of one tensor; it must not change its argument. */
    public static GradientCheck ofTensor(ToDoubleFunction<INDArray> f) {
        return new GradientCheck(m -> f.applyAsDouble(m.get("x")));
    }

    /**
     * A loss term added in {@code shapeLoss}, as a function of the step's features: {@code stepAt} builds a step
     * whose modalities have the given features, {@code shapeLoss} runs the regulator on it, and the term's
     * value is read back; the analytic gradient is the term's {@code featureGradients} at the point.
     */
    public static TermCheck ofTerm(String term, Function<Map<String, INDArray>, TestStep> stepAt,
                                   Consumer<LossControl> shapeLoss) {
        return new TermCheck(term, stepAt, shapeLoss);
    }

    /** The finite-difference step (default 1e-6). */
    public GradientCheck step(double h) {
        if (!(h > 0)) {
            throw new IllegalArgumentException("step must be positive, got " + h);
        }
        this.h = h;
        return this;
    }

    /** Compares {@code analytic} (one tensor per name of {@code at}, same shapes) with the numeric gradient at {@code at}. */
    public Result compare(Map<String, INDArray> at, Map<String, INDArray> analytic) {
        Map<String, INDArray> point = new LinkedHashMap<>();
        at.forEach((k, v) -> point.put(k, v.castTo(DataType.DOUBLE).dup()));
        double worst = 0;
        double worstAbs = 0;
        String where = "no elements";
        for (var e : point.entrySet()) {
            String name = e.getKey();
            INDArray x = e.getValue();
            INDArray a = analytic.get(name);
            if (a == null || !Arrays.equals(a.shape(), x.shape())) {
                throw new AssertionError("analytic gradient of '" + name + "': expected shape " + Arrays.toString(x.shape())
                        + ", got " + (a == null ? "none" : Arrays.toString(a.shape())));
            }
            INDArray flatX = x; // a fresh c-order copy: linear indices walk its elements
            INDArray flatA = a.castTo(DataType.DOUBLE).dup('c');
            for (long i = 0; i < x.length(); i++) {
                double xi = flatX.getDouble(i);
                flatX.putScalar(i, xi + h);
                double up = f.applyAsDouble(point);
                flatX.putScalar(i, xi - h);
                double down = f.applyAsDouble(point);
                flatX.putScalar(i, xi);
                double numeric = (up - down) / (2 * h);
                double an = flatA.getDouble(i);
                double abs = Math.abs(an - numeric);
                double err = abs / Math.max(1, Math.max(Math.abs(an), Math.abs(numeric)));
                if (!(err <= worst) || where.equals("no elements")) {
                    worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                    worstAbs = abs;
                    where = String.format(Locale.ROOT, "%s%s: analytic %.9g, numeric %.9g", name,
                            Arrays.toString(index(i, x.shape())), an, numeric);
                }
            }
        }
        return new Result(worst, worstAbs, where);
    }

    /** For {@link #ofTensor}: compares at one tensor. */
    public Result compare(INDArray at, INDArray analytic) {
        return compare(Map.of("x", at), Map.of("x", analytic));
    }

    private static long[] index(long flat, long[] shape) {
        long[] out = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            out[d] = flat % shape[d];
            flat /= shape[d];
        }
        return out;
    }

    /**
     * The outcome of a check.
     *
     * @param maxError      the largest element error, {@code |a − n| / max(1, |a|, |n|)}
     * @param maxAbsolute   |a − n| at that element
     * @param worst         which element, with both values
     */
    public record Result(double maxError, double maxAbsolute, String worst) {

        /** Throws an {@link AssertionError} naming the worst element unless every error is at most {@code tolerance}. */
        public Result assertWithin(double tolerance) {
            if (!(maxError <= tolerance)) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "gradient check: error %.3g > %.3g at %s", maxError, tolerance, worst));
            }
            return this;
        }
    }

    /** A check of a loss term's reported feature gradients; see {@link GradientCheck#ofTerm}. */
    public static final class TermCheck {
        private final String term;
        private final Function<Map<String, INDArray>, TestStep> stepAt;
        private final Consumer<LossControl> shapeLoss;
        private double h = 1e-6;

        private TermCheck(String term, Function<Map<String, INDArray>, TestStep> stepAt, Consumer<LossControl> shapeLoss) {
            this.term = term;
            this.stepAt = stepAt;
            this.shapeLoss = shapeLoss;
        }

        public TermCheck step(double h) {
            this.h = h;
            return this;
        }

        /** Checks d(term)/d(z_m) at {@code features} for every modality the term reports a gradient of. */
        public Result at(Map<String, INDArray> features) {
            TestStep step = stepAt.apply(features);
            shapeLoss.accept(step);
            Map<String, INDArray> analytic = step.term(term).featureGradients();
            Map<String, INDArray> reported = new LinkedHashMap<>();
            for (String m : analytic.keySet()) {
                if (!features.containsKey(m)) {
                    throw new AssertionError("term '" + term + "' reports a gradient of '" + m + "', not among the features");
                }
                reported.put(m, features.get(m));
            }
            return GradientCheck.of(z -> {
                Map<String, INDArray> all = new LinkedHashMap<>(features);
                all.putAll(z);
                TestStep s = stepAt.apply(all);
                shapeLoss.accept(s);
                return s.term(term).value();
            }).step(h).compare(reported, analytic);
        }
    }
}
