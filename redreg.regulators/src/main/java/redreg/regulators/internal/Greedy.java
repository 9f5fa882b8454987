package redreg.regulators.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ConfigException;
import redreg.api.CurationSwitch;
import redreg.api.LossControl;
import redreg.api.ModalityStep;
import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.api.nn.Param;
import redreg.regulators.GreedyConfig;

/**
 * Greedy (see {@link GreedyConfig}). Loss CE(ŷ0) + CE(ŷ1) (unimodal heads weight 1, fused head
 * {@code fusedWeight}); after every backward the decision of {@link GreedyBalance} (strong) or a uniform draw
 * (random) says which branch, if any, the next forwards re-balance, and the {@code mmtm} fusion's
 * {@link CurationSwitch} applies it. Gradients are never changed.
 */
final class Greedy implements Regulator {
    private final GreedyConfig config;
    private final GreedyBalance balance;
    private List<String> modalities;
    private CurationSwitch curation;
    private TrainingContext context;
    private Random random;

    Greedy(GreedyConfig config) {
        this.config = config;
        this.balance = new GreedyBalance(config.epsilon(), config.window());
    }

    @Override
    public void onTrainStart(TrainingContext context) {
        this.modalities = context.modalities();
        if (modalities.size() != 2) {
            throw new ConfigException("regulator greedy: defined for exactly 2 modalities (its BDR compares two"
                    + " branches), got " + modalities.size() + ": " + String.join(", ", modalities));
        }
        if (!(context.fusion() instanceof CurationSwitch s)) {
            throw new ConfigException("regulator greedy: needs fusion mmtm (the MMTM mid-fusion it re-balances), got"
                    + " a fusion without a curation switch; set fusion: {name: mmtm}");
        }
        this.curation = s;
        this.context = context;
        this.random = new Random(context.seed("greedy"));
        curation.curate(null);
    }

    /** The curation's decision state and the random mode's stream (the fusion saves the switch's position). */
    @Override
    public boolean saveState(PluginState state) {
        balance.save(state.child("balance"));
        state.putRandom("random", random);
        return true;
    }

    @Override
    public void restoreState(TrainingContext context, PluginState state) {
        this.modalities = context.modalities();
        this.curation = (CurationSwitch) context.fusion();
        this.context = context;
        balance.restore(state.getChild("balance"));
        this.random = state.random("random");
    }

    @Override
    public void shapeLoss(LossControl loss) {
        loss.setFusedWeight(config.fusedWeight());
        for (String m : modalities) {
            loss.setUnimodalWeight(m, 1.0);
        }
    }

    @Override
    public void regulate(StepView step) {
        boolean unlocked = step.epoch() >= config.startingEpoch();
        int caring;
        if (config.mode() == GreedyConfig.Mode.RANDOM) {
            caring = unlocked ? random.nextInt(3) - 1 : -1;
        } else {
            double[] bypass = new double[2];
            double[] main = new double[2];
            if (balance.wantsStatistic(unlocked)) {
                for (int m = 0; m < 2; m++) {
                    bypass[m] = bypassSpeed(modalities.get(m));
                    main[m] = mainSpeed(step.modality(modalities.get(m)));
                }
            }
            caring = balance.afterBackward(unlocked, bypass, main);
            step.diagnostic("greedy.bdr." + modalities.get(0), balance.bdr(0));
            step.diagnostic("greedy.bdr." + modalities.get(1), balance.bdr(1));
            step.diagnostic("greedy.d", balance.difference());
        }
        step.diagnostic("greedy.caring", caring);
        curation.curate(caring < 0 ? null : modalities.get(caring));
    }

    /** The MMTM excitation layers of m plus the shared squeeze layers. */
    private double bypassSpeed(String modality) {
        List<INDArray> g = new ArrayList<>();
        List<INDArray> v = new ArrayList<>();
        for (Param p : curation.bypassParameters(modality)) {
            g.add(p.gradient());
            v.add(p.value());
        }
        return GreedyBalance.speed(g, v);
    }

    /** Encoder m and its own head. */
    private double mainSpeed(ModalityStep m) {
        List<INDArray> g = new ArrayList<>(m.gradients().values());
        g.addAll(m.headGradients().values());
        List<INDArray> v = new ArrayList<>(m.parameters().values());
        v.addAll(context.headParameters(m.name()).values());
        return GreedyBalance.speed(g, v);
    }
}
