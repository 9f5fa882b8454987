package redreg.regulators;

import redreg.api.ConfigException;
import redreg.api.Range;

/**
 * RedReg's options. {@code variant} picks a preset — {@code paper} (the paper's Section III and IV-B) or
 * {@code reference-code} (what the public code main_RedReg.py does) — and every key left unset (null) takes the
 * preset's value; a key set in YAML wins over the preset. {@code monitor: false} and {@code gate: false} are the
 * ablations of Tables III/IV.
 *
 * @param variant             preset: paper | reference-code
 * @param monitor             use the redundant-phase monitor r_m > R in the gate (false: "W/o Redundant Phase Monitor")
 * @param gate                use the co-information gate sim ≥ τ (false: "W/o Co-info Gating")
 * @param beta                β of Eq. 30 (constant mode) or the 0.9 inside exp(0.9·tanh Δp) (adaptive mode)
 * @param betaMode            constant | adaptive (β = exp(beta·tanh(p_dom − p_other)), reference code)
 * @param gamma               γ of Eq. 21 (paper 0.5, code 0.6)
 * @param threshold           R of Eq. 25
 * @param tauMin              τ_min of Eq. 24
 * @param tauMax              τ_max of Eq. 24
 * @param tauSchedule         progress (t/T over steps) | epoch (epoch/(epochs−1), reference code)
 * @param window              L of Eq. 15, in steps
 * @param windowPerEpoch      restart the sliding window every epoch (reference code)
 * @param growthWhileFilling  S_m returned until the window has L+1 values (paper reading 0, code 1.0)
 * @param sigma               σ of the probe noise (Eq. 17)
 * @param redundancyMeans     Eq. 20 with means over elements instead of squared norms (both presets: the literal
 *                            norm ratio scales with dim(z)/dim(x), so R = 0.15 would mean something different for
 *                            every encoder; the reference code uses means too; false gives the literal Eq. 20)
 * @param normalizeRedundancy divide red_m by its running EMA, reset each epoch (reference code)
 * @param redundancyEma       the EMA's decay
 * @param probeEvalMode       run the encoder in evaluation mode for the probe (reference code)
 * @param anchor              ema (a slowly updated anchor, paper) | epoch-start (snapshot at each epoch start, code)
 * @param anchorRate          EMA rate of the anchor per step: w_g ← (1−rate)·w_g + rate·w
 * @param projection          whole (P⊥ over the modality's whole parameter vector, Eq. 28) | per-tensor (code)
 * @param projectOn           fused (g_m of Eq. 26, the joint loss alone) | total (the gradient of all losses, code)
 * @param warmupEpochs        epochs of plain updates first (Algorithm 1: t &lt; 2)
 * @param dropoutStart        modality-dropout probability at epoch 0 (reference code: 0.6; 0 = off)
 * @param dropoutEnd          … at the end of the dropout phase (code: 0.1)
 * @param dropoutFraction     fraction of the epochs the dropout phase lasts (code: 0.3)
 */
public record RedRegConfig(Variant variant, boolean monitor, boolean gate, @Range(min = 0) Double beta,
                           BetaMode betaMode, @Range(min = 0) Double gamma, @Range Double threshold,
                           @Range Double tauMin, @Range Double tauMax,
                           TauSchedule tauSchedule, @Range(min = 1) Integer window, Boolean windowPerEpoch,
                           @Range Double growthWhileFilling, @Range(min = 0, minExclusive = true) Double sigma,
                           Boolean redundancyMeans, Boolean normalizeRedundancy,
                           @Range(min = 0, max = 1, maxExclusive = true) Double redundancyEma,
                           Boolean probeEvalMode, Anchor anchor, @Range(min = 0, max = 1) Double anchorRate,
                           Projection projection, ProjectOn projectOn, @Range(min = 0) Integer warmupEpochs,
                           @Range(min = 0, max = 1) Double dropoutStart, @Range(min = 0, max = 1) Double dropoutEnd,
                           @Range(min = 0, max = 1) Double dropoutFraction) {

    public enum Variant { PAPER, REFERENCE_CODE }

    public enum BetaMode { CONSTANT, ADAPTIVE }

    public enum TauSchedule { PROGRESS, EPOCH }

    public enum Anchor { EMA, EPOCH_START }

    public enum Projection { WHOLE, PER_TENSOR }

    public enum ProjectOn { FUSED, TOTAL }

    public static RedRegConfig defaults() {
        return new RedRegConfig(Variant.PAPER, true, true, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Every option with the preset filled in. */
    public record Resolved(boolean monitor, boolean gate, double beta, BetaMode betaMode, double gamma,
                           double threshold, double tauMin, double tauMax, TauSchedule tauSchedule, int window,
                           boolean windowPerEpoch, double growthWhileFilling, double sigma, boolean redundancyMeans,
                           boolean normalizeRedundancy, double redundancyEma, boolean probeEvalMode, Anchor anchor,
                           double anchorRate, Projection projection, ProjectOn projectOn, int warmupEpochs,
                           double dropoutStart, double dropoutEnd, double dropoutFraction) {
    }

    public Resolved resolve() {
        boolean code = variant == Variant.REFERENCE_CODE;
        Resolved r = new Resolved(monitor, gate,
                or(beta, 0.9), or(betaMode, code ? BetaMode.ADAPTIVE : BetaMode.CONSTANT),
                or(gamma, code ? 0.6 : 0.5), or(threshold, 0.15), or(tauMin, 0.2), or(tauMax, 0.5),
                or(tauSchedule, code ? TauSchedule.EPOCH : TauSchedule.PROGRESS), or(window, 10),
                or(windowPerEpoch, code), or(growthWhileFilling, code ? 1.0 : 0.0), or(sigma, 0.03),
                or(redundancyMeans, true), or(normalizeRedundancy, code), or(redundancyEma, 0.9),
                or(probeEvalMode, code), or(anchor, code ? Anchor.EPOCH_START : Anchor.EMA), or(anchorRate, 0.01),
                or(projection, code ? Projection.PER_TENSOR : Projection.WHOLE),
                or(projectOn, code ? ProjectOn.TOTAL : ProjectOn.FUSED), or(warmupEpochs, code ? 0 : 2),
                or(dropoutStart, code ? 0.6 : 0.0), or(dropoutEnd, code ? 0.1 : 0.0), or(dropoutFraction, code ? 0.3 : 0.0));
        // single keys are checked by their @Range when bound; the preset values lie in range
        if (!(r.tauMin() <= r.tauMax())) {
            throw ConfigException.at(tauMax != null ? "tauMax" : "tauMin", "tauMin must not exceed tauMax, got "
                    + r.tauMin() + " > " + r.tauMax());
        }
        return r;
    }

    private static <T> T or(T value, T preset) {
        return value != null ? value : preset;
    }
}
