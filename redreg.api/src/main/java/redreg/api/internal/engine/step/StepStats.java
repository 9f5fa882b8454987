package redreg.api.internal.engine.step;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ModalityStep;
import redreg.api.StepView;

/**
 * Per-step rows of {@code diagnostics.csv}: loss; per modality the paper's Fig. 1/3 signals — RLC (rlc.m), DGR
 * (dgr.m, growth rate over a 10-step window), RS (rs.m, every {@code probeEvery} steps) — the mean true-class
 * probability and the gradient norm after regulation; and whatever the regulator recorded.
 */
public final class StepStats {
    private static final int WINDOW = 10;
    private final boolean enabled;
    private final int probeEvery;
    private final java.util.Map<String, redreg.api.signals.Coupling> coupling = new java.util.HashMap<>();
    private final java.util.Map<String, redreg.api.signals.GrowthRate> growth = new java.util.HashMap<>();
    private java.util.Random probeNoise;
    private Map<String, Object> current;
    private String firstNonFinite;

    public StepStats(boolean enabled, int probeEvery, long probeSeed) {
        this.enabled = enabled;
        this.probeEvery = probeEvery;
        this.probeNoise = new java.util.Random(probeSeed);
    }

    public void begin(long step, int epoch) {
        current = new LinkedHashMap<>();
        current.put("step", step);
        current.put("epoch", epoch);
        current.put("loss", null);
    }

    public void loss(double loss) {
        current.put("loss", loss);
    }

    public void put(String name, double value) {
        if (enabled) {
            current.put(name, value);
        }
    }

    public void afterRegulate(StepView view) {
        if (!enabled) {
            return;
        }
        boolean probe = probeEvery > 0 && view.globalStep() % probeEvery == 0;
        for (String m : view.modalities()) {
            ModalityStep s = view.modality(m);
            // a regression has no class probabilities: no p.* and dgr.* columns (issue 19)
            boolean classes = s.trueClassProbabilities() != null;
            double p = classes ? redreg.api.signals.Probes.meanTrueClass(s) : Double.NaN;
            if (classes) {
                current.put("p." + m, p);
            }
            // Undefined values (first step, window filling, no probe this step) are left as empty cells.
            current.put("rlc." + m, orNull(coupling.computeIfAbsent(m, k -> new redreg.api.signals.Coupling(1e-12))
                    .add(s.logits(), s.features())));
            if (classes) {
                current.put("dgr." + m, orNull(growth.computeIfAbsent(m, k -> new redreg.api.signals.GrowthRate(WINDOW,
                        1e-12, Double.NaN)).add(p)));
            }
            current.put("rs." + m, probe
                    ? redreg.api.signals.Probes.redundancy(s, 0.03, 1e-12, false, false, probeNoise) : null);
            double sq = 0;
            for (INDArray g : s.gradients().values()) {
                double n = g.norm2Number().doubleValue();
                sq += n * n;
            }
            current.put("gradNorm." + m, Math.sqrt(sq));
            if (firstNonFinite == null && !Double.isFinite(sq)) {
                firstNonFinite = m + " at step " + view.globalStep();
            }
        }
    }

    /** The signals' windows and the probe noise's position (for checkpoints). */
    public void save(redreg.api.PluginState s) {
        s.putRandom("probeNoise", probeNoise);
        coupling.forEach((m, c) -> c.save(s.child("coupling").child(m)));
        growth.forEach((m, g) -> g.save(s.child("growth").child(m)));
    }

    /** Continues from {@link #save}. */
    public void restore(redreg.api.PluginState s) {
        probeNoise = s.random("probeNoise");
        redreg.api.PluginState c = s.child("coupling");
        c.keys().forEach(m -> coupling.computeIfAbsent(m, k -> new redreg.api.signals.Coupling(1e-12)).restore(c.getChild(m)));
        redreg.api.PluginState g = s.child("growth");
        g.keys().forEach(m -> growth.computeIfAbsent(m, k -> new redreg.api.signals.GrowthRate(WINDOW, 1e-12, Double.NaN))
                .restore(g.getChild(m)));
    }

    /** The row of the step just finished (empty when diagnostics are off). */
    public Map<String, Object> row() {
        return enabled ? current : Map.of();
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** The first modality whose gradient norm was not finite, with the step ("audio at step 12"); null if none. */
    public String firstNonFinite() {
        return firstNonFinite;
    }
}
