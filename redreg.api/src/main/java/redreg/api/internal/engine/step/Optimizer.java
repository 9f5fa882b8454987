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
    /** One tensor: {@code group} names the encoder it belongs to (null outside the encoders). */
    private record Slot(String group, INDArray value, INDArray gradient, INDArray m, INDArray v) {
    }

    /** {@code -Dredreg.optimizer.coalesce=false}: one slot per tensor, as before (the bench's A/B of this lever). */
    private static final boolean COALESCE = !"false".equals(System.getProperty("redreg.optimizer.coalesce"));
    private final OptimizerConfig config;
    private final boolean adam;
    private final List<Slot> slots = new ArrayList<>();
    private final List<INDArray[]> state = new ArrayList<>();
    private final List<String> stateGroups = new ArrayList<>();
    /** Encoders whose tensors this optimizer no longer touches (a linear probe's frozen encoders). */
    private final java.util.Set<String> frozen = new java.util.HashSet<>();
    private long t;
    private double lr;
    /** Moments restored from a checkpoint, assigned once the slots exist (they register after the first backward). */
    private redreg.api.PluginState pending;

    public Optimizer(OptimizerConfig config) {
        this.config = config;
        this.adam = switch (config.kind()) {
            case "sgd" -> false;
            case "adam" -> true;
            default -> throw new ConfigException("optimizer.kind: unknown optimizer '" + config.kind() + "'; valid: sgd, adam");
        };
        this.lr = config.lr();
    }

    public void add(INDArray value, INDArray gradient) {
        add(null, value, gradient);
    }

    /** A tensor of encoder {@code group} (null: outside the encoders), so that {@link #freeze} can find it. */
    /**
     * A tensor of encoder {@code group} (null: outside the encoders), so that {@link #freeze} can find it. A tensor
     * of an encoder that continues the previous one of the same encoder in the same buffers (the next view of its flat
     * parameter and gradient arrays) joins that slot, so the update runs a few long element-wise ops instead of
     * several short ones per layer (issue 22: the update cost 14-96× PyTorch's, in call overhead); element by element
     * the arithmetic is the same, so the numbers are too. Heads and fusion tensors (group null) keep a slot each, so
     * {@link #reset} finds them by identity.
     */
    public void add(String group, INDArray value, INDArray gradient) {
        if (COALESCE && group != null && !slots.isEmpty() && group.equals(slots.get(slots.size() - 1).group())) {
            Slot last = slots.get(slots.size() - 1);
            INDArray joinedValue = FlatViews.join(last.value(), value);
            INDArray joinedGradient = joinedValue == null ? null : FlatViews.join(last.gradient(), gradient);
            if (joinedGradient != null) {
                slots.set(slots.size() - 1, new Slot(group, joinedValue, joinedGradient, joinedValue.ulike(),
                        adam ? joinedValue.ulike() : null));
                return;
            }
        }
        slots.add(new Slot(group, value, gradient, value.ulike(), adam ? value.ulike() : null));
    }

    public void addState(INDArray value, INDArray update) {
        addState(null, value, update);
    }

    public void addState(String group, INDArray value, INDArray update) {
        int last = state.size() - 1;
        if (COALESCE && group != null && last >= 0 && group.equals(stateGroups.get(last))) {
            INDArray joinedValue = FlatViews.join(state.get(last)[0], value);
            INDArray joinedUpdate = joinedValue == null ? null : FlatViews.join(state.get(last)[1], update);
            if (joinedUpdate != null) {
                state.set(last, new INDArray[] {joinedValue, joinedUpdate});
                return;
            }
        }
        state.add(new INDArray[] {value, update});
        stateGroups.add(group);
    }

    /** How many update slots the parameters took (tests: views of one flat buffer coalesce). */
    int slotCount() {
        return slots.size();
    }

    /**
     * From the next step on, encoder {@code group}'s tensors are left alone: no update, no weight decay, moments
     * kept, batch-norm running statistics not moved.
     */
    public void freeze(String group) {
        frozen.add(group);
    }

    /** Zeroes the moments of these tensors (by identity): a re-initialised block starts without momentum. */
    public void reset(List<INDArray> values) {
        for (Slot s : slots) {
            if (values.stream().anyMatch(v -> v == s.value())) {
                s.m().assign(0);
                if (adam) {
                    s.v().assign(0);
                }
            }
        }
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
        if (other.slots.isEmpty() && other.pending != null) {
            restoreMoments(other.pending); // a resumed run's fork before its first step
            return;
        }
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

    /** The step count, learning rate and every slot's moments, in registration order (for checkpoints, model files). */
    public redreg.api.PluginState state() {
        if (pending != null) {
            return pending; // not stepped since it was restored: the restored state is still the state
        }
        redreg.api.PluginState s = new redreg.api.PluginState();
        s.putString("kind", config.kind()).putLong("t", t).putDouble("lr", lr).putInt("slots", slots.size());
        for (int i = 0; i < slots.size(); i++) {
            s.putArray("m." + i, slots.get(i).m());
            if (adam) {
                s.putArray("v." + i, slots.get(i).v());
            }
        }
        return s;
    }

    /** Continues from {@link #state}: the counts now, the moments when the slots have registered. */
    public void restore(redreg.api.PluginState s) {
        if (!s.getString("kind").equals(config.kind())) {
            throw new IllegalStateException("optimizer state of " + s.getString("kind") + ", this is " + config.kind());
        }
        t = s.getLong("t");
        lr = s.getDouble("lr");
        pending = s;
        if (!slots.isEmpty()) {
            restoreMoments(s);
            pending = null;
        }
    }

    private void restoreMoments(redreg.api.PluginState s) {
        int n = s.getInt("slots");
        if (n == 0) {
            return;
        }
        if (n != slots.size()) {
            throw new IllegalStateException("optimizer state has " + n + " slots, this model " + slots.size());
        }
        for (int i = 0; i < n; i++) {
            slots.get(i).m().assign(s.array("m." + i));
            if (adam) {
                slots.get(i).v().assign(s.array("v." + i));
            }
        }
    }

    public OptimizerConfig config() {
        return config;
    }

    /** Adds weight decay to the gradients (after the regulator), then updates every value. */
    public void step() {
        if (pending != null) {
            restoreMoments(pending);
            pending = null;
        }
        t++;
        double wd = config.weightDecay();
        for (Slot s : slots) {
            if (s.group() != null && frozen.contains(s.group())) {
                continue;
            }
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
        for (int i = 0; i < state.size(); i++) {
            if (stateGroups.get(i) == null || !frozen.contains(stateGroups.get(i))) {
                state.get(i)[0].subi(state.get(i)[1]);
            }
        }
    }
}
