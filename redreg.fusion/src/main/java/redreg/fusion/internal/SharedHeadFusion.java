package redreg.fusion.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.ConfigException;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.api.Objective;
import redreg.api.SharedHead;
import redreg.api.nn.Linear;
import redreg.api.nn.Param;
import redreg.fusion.SharedHeadConfig;

/**
 * One classifier shared by every modality (MLA's shared head): training logits W·Σ_m z_m + b; evaluation logits
 * Σ_m λ_m·(W·z_m + b) with λ from {@link SharedHeadConfig#rule()} (per-sample entropy gating, or the mean).
 * Backward of an evaluation forward treats λ as constants (MLA never back-propagates through its test-time gate).
 */
public final class SharedHeadFusion implements Fusion, SharedHead {
    private final Linear head;
    private final boolean entropy;
    private List<INDArray> lastFeatures;
    /** λ_m of the last evaluation forward, [B, 1] each; null after a training forward. */
    private List<INDArray> lastWeights;

    SharedHeadFusion(FusionContext ctx, SharedHeadConfig config) {
        if (new HashSet<>(ctx.featureSizes()).size() != 1) {
            throw new ConfigException("fusion shared-head: needs one feature size for every modality (one head reads"
                    + " them all), got " + ctx.featureSizes() + " for " + ctx.modalities()
                    + "; set model.encoder.featureSize and no per-modality featureSize");
        }
        this.head = new Linear("fusion.shared", ctx.featureSizes().get(0), ctx.numClasses(), ctx.dataType(),
                new Random(ctx.seed()));
        this.entropy = config.rule().equals("entropy");
    }

    @Override
    public Param weight() {
        return head.weight();
    }

    @Override
    public Param bias() {
        return head.bias();
    }

    @Override
    public List<Param> parameters() {
        return head.parameters();
    }

    @Override
    public INDArray forward(List<INDArray> features, boolean training) {
        lastFeatures = features;
        if (training) {
            lastWeights = null;
            INDArray sum = features.get(0).dup();
            for (int m = 1; m < features.size(); m++) {
                sum.addi(features.get(m));
            }
            return head.forward(sum);
        }
        List<INDArray> logits = new ArrayList<>();
        features.forEach(z -> logits.add(head.forward(z)));
        lastWeights = weights(logits);
        INDArray out = logits.get(0).mulColumnVector(lastWeights.get(0));
        for (int m = 1; m < logits.size(); m++) {
            out.addi(logits.get(m).mulColumnVector(lastWeights.get(m)));
        }
        return out;
    }

    /** λ_m per sample: the entropy gate, λ = softmax over modalities of (−e_m), or 1/M. */
    private List<INDArray> weights(List<INDArray> logits) {
        int n = logits.size();
        List<INDArray> out = new ArrayList<>();
        if (!entropy) {
            logits.forEach(l -> out.add(l.getColumn(0, true).ulike().assign(1.0 / n)));
            return out;
        }
        List<INDArray> negEntropy = new ArrayList<>();
        for (INDArray l : logits) {
            // log p = l − max − log Σ exp(l − max), row by row
            INDArray shifted = l.subColumnVector(l.max(true, 1));
            INDArray logP = shifted.subColumnVector(Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false));
            negEntropy.add(Transforms.exp(logP, true).muli(logP).sum(true, 1)); // −e_m = Σ p log p
        }
        INDArray max = negEntropy.get(0).dup();
        for (INDArray v : negEntropy) {
            max = Transforms.max(max, v, true);
        }
        INDArray total = max.ulike().assign(0);
        for (INDArray v : negEntropy) {
            INDArray w = Transforms.exp(v.sub(max), true);
            out.add(w);
            total.addi(w);
        }
        out.forEach(w -> w.divi(total));
        return out;
    }

    @Override
    public List<INDArray> backward(INDArray logitGradient) {
        List<INDArray> out = new ArrayList<>();
        if (lastWeights == null) {
            INDArray sum = lastFeatures.get(0).dup();
            for (int m = 1; m < lastFeatures.size(); m++) {
                sum.addi(lastFeatures.get(m));
            }
            head.forward(sum);
            INDArray dz = head.backward(logitGradient);
            lastFeatures.forEach(z -> out.add(dz.dup()));
            return out;
        }
        // Σ_m λ_m·(W z_m + b) with λ fixed: dW = Σ_m (λ_m ⊙ g)ᵀ z_m, db = Σ_i g (Σ_m λ_m = 1), dz_m = (λ_m ⊙ g)·W.
        INDArray dW = head.weight().value().ulike().assign(0);
        for (int m = 0; m < lastFeatures.size(); m++) {
            INDArray g = logitGradient.mulColumnVector(lastWeights.get(m));
            dW.addi(g.transpose().mmul(lastFeatures.get(m)));
            out.add(g.mmul(head.weight().value()));
        }
        head.weight().gradient().assign(dW);
        head.bias().gradient().assign(logitGradient.sum(true, 0));
        return out;
    }

    /** Registered as {@code shared-head}. */
    public static final class Provider implements FusionProvider<SharedHeadConfig> {
        @Override
        public String name() {
            return "shared-head";
        }

        @Override
        public String description() {
            return "one linear head shared by every modality; evaluation gates the modalities by entropy (MLA)";
        }

        @Override
        public Class<SharedHeadConfig> configType() {
            return SharedHeadConfig.class;
        }

        @Override
        public SharedHeadConfig defaults() {
            return SharedHeadConfig.defaults();
        }

        @Override
        public boolean supports(Objective objective) {
            // training fits W·Σ_m z_m + b, evaluation reports Σ_m λ_m·(W·z_m + b): on a score the two differ (W's part
            // by the factor M) and the entropy gate of a one-unit softmax is constant; both are defined on class logits
            return objective instanceof Objective.Classification;
        }

        @Override
        public Fusion create(SharedHeadConfig config, FusionContext context) {
            return new SharedHeadFusion(context, config);
        }
    }
}
