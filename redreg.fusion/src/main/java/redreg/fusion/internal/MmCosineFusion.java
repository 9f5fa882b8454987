package redreg.fusion.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.api.Objective;
import redreg.api.nn.Param;
import redreg.fusion.MmCosineConfig;

/**
 * MMCosine (Xu, Feng, Zhang &amp; Hu, ICASSP 2023): the concat head W = [W_1 … W_M] ([K, Σ d_m]) with every
 * modality's feature and every class row of its block L2-normalised,
 *
 * <pre>
 *   logits[i, k] = s · Σ_m  (z_m,i / ‖z_m,i‖) · (W_m[k] / ‖W_m[k]‖)
 * </pre>
 *
 * as the official main_CD.py computes it for training (normalisation as torch's F.normalize: x / max(‖x‖, 1e-12)).
 * The head has no bias: the official fc_out's bias never reaches the cosine logits.
 */
public final class MmCosineFusion implements Fusion {
    static final double EPS = 1e-12;
    private final Param weight;
    private final List<Integer> sizes;
    private final double scaling;
    private final List<INDArray> lastFeatures = new ArrayList<>();

    MmCosineFusion(FusionContext ctx, MmCosineConfig config) {
        this.sizes = ctx.featureSizes();
        this.scaling = config.scaling();
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        // PyTorch nn.Linear(Σd, K) initialisation, as the official fc_out (only the directions matter here).
        Random random = new Random(ctx.seed());
        double bound = 1.0 / Math.sqrt(total);
        double[] v = new double[ctx.numClasses() * total];
        for (int i = 0; i < v.length; i++) {
            v[i] = (random.nextDouble() * 2 - 1) * bound;
        }
        this.weight = Param.of("fusion.mmcosine.W", Nd4j.create(v, new long[] {ctx.numClasses(), total},
                ctx.dataType()));
    }

    @Override
    public List<Param> parameters() {
        return List.of(weight);
    }

    @Override
    public INDArray forward(List<INDArray> features, boolean training) {
        lastFeatures.clear();
        INDArray logits = null;
        int offset = 0;
        for (int m = 0; m < sizes.size(); m++) {
            INDArray z = features.get(m);
            lastFeatures.add(z);
            INDArray part = unitRows(z).mmul(unitRows(block(m, offset)).transpose());
            logits = logits == null ? part : logits.addi(part);
            offset += sizes.get(m);
        }
        return logits.muli(scaling);
    }

    @Override
    public List<INDArray> backward(INDArray logitGradient) {
        INDArray g = logitGradient.mul(scaling);
        INDArray dW = Nd4j.zerosLike(weight.value());
        List<INDArray> dz = new ArrayList<>();
        int offset = 0;
        for (int m = 0; m < sizes.size(); m++) {
            INDArray z = lastFeatures.get(m);
            INDArray w = block(m, offset);
            INDArray u = unitRows(z);
            INDArray v = unitRows(w);
            dz.add(throughNormalize(z, u, g.mmul(v)));                       // dL/du = s·G·V
            dW.get(Columns.range(offset, offset + sizes.get(m))).assign(throughNormalize(w, v, g.transpose().mmul(u)));
            offset += sizes.get(m);
        }
        weight.gradient().assign(dW);
        return dz;
    }

    private INDArray block(int m, int offset) {
        return Columns.of(weight.value(), offset, offset + sizes.get(m));
    }

    /** Rows divided by max(‖row‖, ε). */
    static INDArray unitRows(INDArray x) {
        INDArray norms = rowNorms(x);
        return x.divColumnVector(norms);
    }

    private static INDArray rowNorms(INDArray x) {
        return Transforms.max(x.norm2(1).reshape(x.rows(), 1), EPS, false);
    }

    /**
     * Back through u = x / max(‖x‖, ε), row by row: (g − u·(u·g)) / ‖x‖, or g / ε where the norm was clamped (the
     * clamp passes no gradient, as in torch).
     */
    private static INDArray throughNormalize(INDArray x, INDArray u, INDArray gu) {
        INDArray norms = x.norm2(1).reshape(x.rows(), 1);
        INDArray radial = u.mulColumnVector(gu.mul(u).sum(true, 1));
        INDArray out = gu.dup();
        for (int i = 0; i < x.rows(); i++) {
            double n = norms.getDouble(i, 0);
            if (n > EPS) {
                out.getRow(i).subi(radial.getRow(i)).divi(n);
            } else {
                out.getRow(i).divi(EPS);
            }
        }
        return out;
    }

    /** Registered as {@code mmcosine}. */
    public static final class Provider implements FusionProvider<MmCosineConfig> {
        @Override
        public String name() {
            return "mmcosine";
        }

        @Override
        public String description() {
            return "MMCosine: concat head with modality-wise cosine logits, scaled by s";
        }

        @Override
        public Class<MmCosineConfig> configType() {
            return MmCosineConfig.class;
        }

        @Override
        public MmCosineConfig defaults() {
            return MmCosineConfig.defaults();
        }

        @Override
        public boolean supports(Objective objective) {
            // a cosine between features and a class's weight vector is a classification logit by definition: on one
            // unit it is a bounded score (|s·Σ_m cos| <= s·M), not a regression output
            return objective instanceof Objective.Classification;
        }

        @Override
        public Fusion create(MmCosineConfig config, FusionContext context) {
            return new MmCosineFusion(context, config);
        }
    }
}
