package redreg.regulators.internal;

import redreg.api.ConfigException;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.regulators.LinearProbeConfig;

/**
 * Linear probe (BalanceBenchmark's LinearProbe trainer): how good are the encoders a run learned, read by a fresh
 * head? The run trains jointly until {@code epochs − probeEpochs}; then every encoder is frozen, the fusion block with
 * its fused head is re-initialised (its optimizer state cleared), and the last {@code probeEpochs} epochs train only
 * the new head on the frozen encoders' features. The run's final test metrics are the probe's.
 */
final class LinearProbe implements Regulator {
    private final LinearProbeConfig c;

    LinearProbe(LinearProbeConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        if (c.probeEpochs() >= ctx.epochs()) {
            throw new ConfigException("regulator linear-probe: probeEpochs must be below training.epochs (the encoders"
                    + " train first), got " + c.probeEpochs() + " of " + ctx.epochs());
        }
    }

    /** Stateless: the freeze is the run's (epoch-derived), done again at the probe's first epoch. */
    @Override
    public boolean saveState(PluginState state) {
        return false;
    }

    @Override
    public void onEpochStart(TrainingContext ctx) {
        if (ctx.epoch() == ctx.epochs() - c.probeEpochs()) {
            ctx.modalities().forEach(ctx::freeze);
            ctx.resetFusion();
        }
    }

    @Override
    public void regulate(StepView step) {
        // The probe acts between epochs only.
    }
}
