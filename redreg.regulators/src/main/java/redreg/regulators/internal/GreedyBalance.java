package redreg.regulators.internal;

import java.util.Collection;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.PluginState;

/**
 * Greedy's decision state, free of any model (official {@code Bias_Mitigation_Strong}, read after every backward):
 * cumulative accumulators A_byp[m] += Σ‖∇θ‖²/Σ‖θ‖² over m's bypass group and A_main[m] likewise over m's main
 * group, BDR_m = log10(A_byp[m] / A_main[m]), d = BDR_0 − BDR_1; when |d| &gt; ε a window of {@code window}
 * re-balancing forwards caring for modality 0 if d &gt; 0, else 1. The accumulators never reset and are not
 * updated while re-balancing.
 */
final class GreedyBalance {
    private final double epsilon;
    private final int window;
    private final double[] bypass = new double[2];
    private final double[] main = new double[2];
    private boolean curating;
    private int caring = -1;
    private int curationStep;

    GreedyBalance(double epsilon, int window) {
        this.epsilon = epsilon;
        this.window = window;
    }

    /** Σ‖g‖² / Σ‖θ‖² over a parameter group (a ratio of sums, not a mean of ratios). */
    static double speed(Collection<INDArray> gradients, Collection<INDArray> values) {
        double g = 0;
        for (INDArray a : gradients) {
            g += a.norm2Number().doubleValue() * a.norm2Number().doubleValue();
        }
        double v = 0;
        for (INDArray a : values) {
            v += a.norm2Number().doubleValue() * a.norm2Number().doubleValue();
        }
        return g / v;
    }

    /** Whether the statistic is read after this step's backward (not while re-balancing). */
    boolean wantsStatistic(boolean unlocked) {
        return !unlocked || !curating;
    }

    /**
     * After a step's backward. {@code bypassSpeed}/{@code mainSpeed} (per modality) are only read when
     * {@link #wantsStatistic} said so. Returns the modality the next forward re-balances, or -1.
     */
    int afterBackward(boolean unlocked, double[] bypassSpeed, double[] mainSpeed) {
        if (!unlocked) {
            accumulate(bypassSpeed, mainSpeed);
            curating = false;
            caring = -1;
        } else if (!curating) {
            accumulate(bypassSpeed, mainSpeed);
            double d = difference();
            if (Math.abs(d) > epsilon) {
                curating = true;
                caring = d > 0 ? 0 : 1;
                curationStep = 0;
            }
        } else if (++curationStep >= window) {
            curating = false;
            caring = -1;
        }
        return curating ? caring : -1;
    }

    private void accumulate(double[] bypassSpeed, double[] mainSpeed) {
        for (int m = 0; m < 2; m++) {
            bypass[m] += bypassSpeed[m];
            main[m] += mainSpeed[m];
        }
    }

    /** The accumulators and the re-balancing window's position. */
    void save(PluginState state) {
        state.putDoubles("bypass", bypass).putDoubles("main", main).putBoolean("curating", curating)
                .putInt("caring", caring).putInt("curationStep", curationStep);
    }

    void restore(PluginState state) {
        System.arraycopy(state.doubles("bypass"), 0, bypass, 0, 2);
        System.arraycopy(state.doubles("main"), 0, main, 0, 2);
        curating = state.getBoolean("curating");
        caring = state.getInt("caring");
        curationStep = state.getInt("curationStep");
    }

    /** BDR_m = log10(A_byp[m] / A_main[m]). */
    double bdr(int m) {
        return Math.log10(bypass[m] / main[m]);
    }

    /** d = BDR_0 − BDR_1. */
    double difference() {
        return bdr(0) - bdr(1);
    }
}
