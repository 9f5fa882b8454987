package redreg.api.internal.engine.step;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.ConfigException;
import redreg.api.config.OptimizerConfig;

/**
 * PyTorch-style optimizers over (value, gradient) pairs, applied in place.
 * SGD: g ← g + λw; v ← μv + g; w ← w − ηv (heavy ball, no dampening, as torch.optim.SGD).
 * Adam: torch.optim.Adam with L2 weight decay. StepLR: η = η₀·γ^⌊epoch/period⌋.
 * State tensors (batch-norm running statistics) take their update as is: w ← w − g.
 */
public final class Optimizer {
    private record Slot(INDArray value, INDArray gradient, INDArray m, INDArray v) {
    }

    /** {@code -Dredreg.optimizer.coalesce=false}: one slot per parameter, as before (the bench's A/B of this lever). */
    private static final boolean COALESCE = !"false".equals(System.getProperty("redreg.optimizer.coalesce"));
    private final OptimizerConfig config;
    private final boolean adam;
    private final List<Slot> slots = new ArrayList<>();
    private final List<INDArray[]> state = new ArrayList<>();
    private long t;
    private double lr;

    public Optimizer(OptimizerConfig config) {
        this.config = config;
        this.adam = switch (config.kind()) {
            case "sgd" -> false;
            case "adam" -> true;
            default -> throw new ConfigException("optimizer.kind: unknown optimizer '" + config.kind() + "'; valid: sgd, adam");
        };
        this.lr = config.lr();
    }

    /**
     * Registers a parameter and its gradient. A parameter that continues the previous one in the same buffers (the
     * next view of an encoder's flat parameter and gradient arrays) joins its slot, so the update runs a few long
     * element-wise ops instead of several short ones per layer (issue 22: the update cost 14× PyTorch's, in call
     * overhead); element by element the arithmetic is the same, so the numbers are too.
     */
    public void add(INDArray value, INDArray gradient) {
        if (COALESCE && !slots.isEmpty()) {
            Slot last = slots.get(slots.size() - 1);
            INDArray joinedValue = FlatViews.join(last.value(), value);
            INDArray joinedGradient = joinedValue == null ? null : FlatViews.join(last.gradient(), gradient);
            if (joinedGradient != null) {
                slots.set(slots.size() - 1, new Slot(joinedValue, joinedGradient, joinedValue.ulike(),
                        adam ? joinedValue.ulike() : null));
                return;
            }
        }
        slots.add(new Slot(value, gradient, value.ulike(), adam ? value.ulike() : null));
    }

    public void addState(INDArray value, INDArray update) {
        if (COALESCE && !state.isEmpty()) {
            INDArray[] last = state.get(state.size() - 1);
            INDArray joinedValue = FlatViews.join(last[0], value);
            INDArray joinedUpdate = joinedValue == null ? null : FlatViews.join(last[1], update);
            if (joinedUpdate != null) {
                state.set(state.size() - 1, new INDArray[] {joinedValue, joinedUpdate});
                return;
            }
        }
        state.add(new INDArray[] {value, update});
    }

    /** How many update slots the parameters took (tests: views of one flat buffer coalesce). */
    int slotCount() {
        return slots.size();
    }

    public void startEpoch(int epoch) {
        int period = config.lrStepEpochs();
        lr = period > 0 ? config.lr() * Math.pow(config.lrGamma(), Math.floorDiv(epoch, period)) : config.lr();
    }

    public double learningRate() {
        return lr;
    }

    /** Takes over another optimizer's state (step count, learning rate, moments), slot by slot: for forks. */
    public void copyStateFrom(Optimizer other) {
        t = other.t;
        lr = other.lr;
        if (other.slots.isEmpty()) {
            return;   // the source has not stepped yet: its state is the initial one
        }
        if (other.slots.size() != slots.size()) {
            throw new IllegalStateException("optimizer copy: " + slots.size() + " slots, source has " + other.slots.size());
        }
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).m().assign(other.slots.get(i).m());
            if (adam) {
                slots.get(i).v().assign(other.slots.get(i).v());
            }
        }
    }

    public OptimizerConfig config() {
        return config;
    }

    /** Adds weight decay to the gradients (after the regulator), then updates every value. */
    public void step() {
        t++;
        double wd = config.weightDecay();
        for (Slot s : slots) {
            INDArray g = s.gradient();
            if (wd != 0) {
                g.addi(s.value().mul(wd));
            }
            if (adam) {
                double b1 = config.momentum();
                double b2 = 0.999;
                s.m().muli(b1).addi(g.mul(1 - b1));
                s.v().muli(b2).addi(g.mul(g).muli(1 - b2));
                double c1 = 1 - Math.pow(b1, t);
                double c2 = 1 - Math.pow(b2, t);
                INDArray denom = Transforms.sqrt(s.v().div(c2), false).addi(1e-8);
                s.value().subi(s.m().div(denom).muli(lr / c1));
            } else {
                s.m().muli(config.momentum()).addi(g);
                s.value().subi(s.m().mul(lr));
            }
        }
        for (INDArray[] st : state) {
            st[0].subi(st[1]);
        }
    }
}
