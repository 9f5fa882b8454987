package redreg.fusion.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.api.Objective;
import redreg.api.nn.Linear;
import redreg.api.nn.Param;
import redreg.fusion.SumConfig;

/** f(z) = Σ_m (W_m z_m + b_m): one linear layer per modality straight to the K logits, any number of modalities. */
public final class SumFusion implements Fusion {
    private final List<Linear> heads = new ArrayList<>();

    SumFusion(FusionContext ctx) {
        Random random = new Random(ctx.seed());
        for (int m = 0; m < ctx.modalities().size(); m++) {
            heads.add(new Linear("fusion.sum." + ctx.modalities().get(m), ctx.featureSizes().get(m),
                    ctx.numClasses(), ctx.dataType(), random));
        }
    }

    @Override
    public List<Param> parameters() {
        List<Param> out = new ArrayList<>();
        heads.forEach(h -> out.addAll(h.parameters()));
        return out;
    }

    @Override
    public INDArray forward(List<INDArray> features, boolean training) {
        INDArray logits = heads.get(0).forward(features.get(0));
        for (int m = 1; m < heads.size(); m++) {
            logits.addi(heads.get(m).forward(features.get(m)));
        }
        return logits;
    }

    @Override
    public List<INDArray> backward(INDArray logitGradient) {
        // A sum passes the same gradient to every term.
        List<INDArray> out = new ArrayList<>();
        heads.forEach(h -> out.add(h.backward(logitGradient)));
        return out;
    }

    /** Registered as {@code sum}. */
    public static final class Provider implements FusionProvider<SumConfig> {
        @Override
        public String name() {
            return "sum";
        }

        @Override
        public String description() {
            return "sum of one linear head per modality";
        }

        @Override
        public Class<SumConfig> configType() {
            return SumConfig.class;
        }

        @Override
        public SumConfig defaults() {
            return new SumConfig();
        }

        @Override
        public boolean supports(Objective objective) {
            // a sum of linear heads: on one output unit a sum of per-modality scores
            return true;
        }

        @Override
        public Fusion create(SumConfig config, FusionContext context) {
            return new SumFusion(context);
        }
    }
}
