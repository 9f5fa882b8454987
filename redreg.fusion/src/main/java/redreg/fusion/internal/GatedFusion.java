package redreg.fusion.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.ConfigException;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.api.Objective;
import redreg.api.nn.Linear;
import redreg.api.nn.Param;
import redreg.fusion.GatedConfig;

/**
 * Gated fusion (see {@link GatedConfig}): o_m = W_m z_m + b_m; s = σ(o_gate); u = Σ_{m≠gate} o_m;
 * logits = W_o (s ⊙ u) + b_o.
 */
public final class GatedFusion implements Fusion {
    private final int gate;
    private final List<Linear> projections = new ArrayList<>();
    private final Linear head;
    private INDArray lastGate;
    private INDArray lastOther;

    GatedFusion(GatedConfig config, FusionContext ctx) {
        if (ctx.modalities().size() < 2) {
            throw new ConfigException("fusion: gated needs at least 2 modalities, got " + ctx.modalities().size());
        }
        this.gate = config.gate() == null ? 0 : ctx.indexOf(config.gate(), "gate");
        int hidden = config.hidden() > 0 ? config.hidden() : ctx.featureSizes().get(gate);
        Random random = new Random(ctx.seed());
        for (int m = 0; m < ctx.modalities().size(); m++) {
            projections.add(new Linear("fusion.gated." + ctx.modalities().get(m), ctx.featureSizes().get(m), hidden,
                    ctx.dataType(), random));
        }
        this.head = new Linear("fusion.gated.out", hidden, ctx.numClasses(), ctx.dataType(), random);
    }

    @Override
    public List<Param> parameters() {
        List<Param> out = new ArrayList<>();
        projections.forEach(p -> out.addAll(p.parameters()));
        out.addAll(head.parameters());
        return out;
    }

    @Override
    public INDArray forward(List<INDArray> features, boolean training) {
        lastGate = Transforms.sigmoid(projections.get(gate).forward(features.get(gate)), true);
        lastOther = null;
        for (int m = 0; m < projections.size(); m++) {
            if (m != gate) {
                INDArray o = projections.get(m).forward(features.get(m));
                lastOther = lastOther == null ? o : lastOther.addi(o);
            }
        }
        return head.forward(lastGate.mul(lastOther));
    }

    @Override
    public List<INDArray> backward(INDArray logitGradient) {
        INDArray dFused = head.backward(logitGradient);
        // d(s ⊙ u): du = dFused ⊙ s (shared by every summed term); do_gate = dFused ⊙ u ⊙ s(1 − s).
        INDArray dOther = dFused.mul(lastGate);
        INDArray dGate = dFused.mul(lastOther).muli(lastGate).muli(lastGate.rsub(1.0));
        List<INDArray> dz = new ArrayList<>();
        for (int m = 0; m < projections.size(); m++) {
            dz.add(projections.get(m).backward(m == gate ? dGate : dOther));
        }
        return dz;
    }

    /** Registered as {@code gated}. */
    public static final class Provider implements FusionProvider<GatedConfig> {
        @Override
        public String name() {
            return "gated";
        }

        @Override
        public String description() {
            return "a sigmoid gate of one modality scales the others' projections (unset gate: the first)";
        }

        @Override
        public Class<GatedConfig> configType() {
            return GatedConfig.class;
        }

        @Override
        public GatedConfig defaults() {
            return GatedConfig.defaults();
        }

        @Override
        public boolean supports(Objective objective) {
            // a sigmoid gate between projections, then a linear head: on one output unit it is a score
            return true;
        }

        @Override
        public Fusion create(GatedConfig config, FusionContext context) {
            return new GatedFusion(config, context);
        }
    }
}
