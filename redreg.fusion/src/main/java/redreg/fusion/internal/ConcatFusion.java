package redreg.fusion.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.api.Objective;
import redreg.api.nn.Linear;
import redreg.api.nn.Param;
import redreg.fusion.ConcatConfig;

/** f(z) = W [z_1; …; z_M] + b (paper Eqs. 2–3), for any number of modalities. */
public final class ConcatFusion implements Fusion {
    private final Linear head;
    private final List<Integer> sizes;

    ConcatFusion(FusionContext ctx) {
        this(ctx, "fusion.concat");
    }

    /** A concat head whose parameters are named {@code name.W}, {@code name.b} (MMTM's late part). */
    ConcatFusion(FusionContext ctx, String name) {
        this.sizes = ctx.featureSizes();
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        this.head = new Linear(name, total, ctx.numClasses(), ctx.dataType(), new Random(ctx.seed()));
    }

    @Override
    public List<Param> parameters() {
        return head.parameters();
    }

    @Override
    public INDArray forward(List<INDArray> features, boolean training) {
        return head.forward(Nd4j.hstack(features.toArray(new INDArray[0])));
    }

    @Override
    public List<INDArray> backward(INDArray logitGradient) {
        INDArray dz = head.backward(logitGradient);
        List<INDArray> out = new ArrayList<>();
        int offset = 0;
        for (int size : sizes) {
            out.add(dz.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + size)).dup());
            offset += size;
        }
        return out;
    }

    /** Registered as {@code concat}. */
    public static final class Provider implements FusionProvider<ConcatConfig> {
        @Override
        public String name() {
            return "concat";
        }

        @Override
        public String description() {
            return "concatenation of the modalities' features, then a linear head";
        }

        @Override
        public Class<ConcatConfig> configType() {
            return ConcatConfig.class;
        }

        @Override
        public ConcatConfig defaults() {
            return new ConcatConfig();
        }

        @Override
        public boolean supports(Objective objective) {
            // a linear head on the concatenated features: on one output unit it is a score
            return true;
        }

        @Override
        public Fusion create(ConcatConfig config, FusionContext context) {
            return new ConcatFusion(context);
        }
    }
}
