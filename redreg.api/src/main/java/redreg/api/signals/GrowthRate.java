package redreg.api.signals;

import java.util.ArrayDeque;
import java.util.Deque;
import redreg.api.stability.Experimental;

/**
 * The effective-gain growth rate of RedReg (paper Eqs. 15–16): a sliding mean p̄ of the last L values of p_m and
 * S(t) = (p̄(t) − p̄(t−1)) / (|p̄(t−1)| + ε). Until L + 1 values have been seen, {@link #add} returns
 * {@code whileFilling} (0 in the paper's reading, 1.0 in the reference code).
 */
@Experimental(since = "0.1", why = "shared signal helpers, shaped by the regulators that use them")
public final class GrowthRate {
    private final int window;
    private final double eps;
    private final double whileFilling;
    private final Deque<Double> values = new ArrayDeque<>();
    private double sum;
    private double previousMean = Double.NaN;
    private double mean = Double.NaN;

    public GrowthRate(int window, double eps, double whileFilling) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.window = window;
        this.eps = eps;
        this.whileFilling = whileFilling;
    }

    /** Adds p_m(t) and returns S(t). */
    public double add(double p) {
        values.addLast(p);
        sum += p;
        if (values.size() > window) {
            sum -= values.removeFirst();
        }
        previousMean = mean;
        mean = values.size() == window ? sum / window : Double.NaN;
        if (Double.isNaN(mean) || Double.isNaN(previousMean)) {
            return whileFilling;
        }
        return (mean - previousMean) / (Math.abs(previousMean) + eps);
    }

    /** The current sliding mean p̄(t) (NaN until the window is full). */
    public double mean() {
        return mean;
    }

    /** Saves the window and both means (a checkpoint's part of the regulator that owns this rate). */
    public void save(redreg.api.PluginState state) {
        state.putDoubleList("values", values).putDouble("sum", sum).putDouble("previousMean", previousMean)
                .putDouble("mean", mean);
    }

    /** Continues from what {@link #save} wrote. */
    public void restore(redreg.api.PluginState state) {
        values.clear();
        values.addAll(state.doubleList("values"));
        sum = state.getDouble("sum");
        previousMean = state.getDouble("previousMean");
        mean = state.getDouble("mean");
    }

    public void reset() {
        values.clear();
        sum = 0;
        previousMean = Double.NaN;
        mean = Double.NaN;
    }
}
