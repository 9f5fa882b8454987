package redreg.fusion.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ConfigException;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.api.Objective;
import redreg.api.nn.Linear;
import redreg.api.nn.Param;
import redreg.fusion.FilmConfig;

/**
 * FiLM (see {@link FilmConfig}): γ, β = split(W_f z_src + b_f); h = γ ⊙ z_dst + β;
 * logits = W_o [h; z_others…] + b_o.
 */
public final class FilmFusion implements Fusion {
    private final int src;
    private final int dst;
    private final List<Integer> others = new ArrayList<>();
    private final List<Integer> sizes;
    private final Linear film;
    private final Linear head;
    private INDArray lastDst;
    private INDArray lastGamma;

    FilmFusion(FilmConfig config, FusionContext ctx) {
        if (ctx.modalities().size() < 2) {
            throw new ConfigException("fusion: film needs at least 2 modalities, got " + ctx.modalities().size());
        }
        int d = config.conditioned() == null ? -1 : ctx.indexOf(config.conditioned(), "conditioned");
        this.src = config.conditioner() != null ? ctx.indexOf(config.conditioner(), "conditioner") : d == 0 ? 1 : 0;
        this.dst = d >= 0 ? d : src == 0 ? 1 : 0;
        this.sizes = ctx.featureSizes();
        int headIn = sizes.get(dst);
        for (int m = 0; m < sizes.size(); m++) {
            if (m != src && m != dst) {
                others.add(m);
                headIn += sizes.get(m);
            }
        }
        Random random = new Random(ctx.seed());
        // One layer yields γ and β at the conditioned size, whatever the conditioner's size.
        this.film = new Linear("fusion.film.film", sizes.get(src), 2 * sizes.get(dst), ctx.dataType(), random);
        this.head = new Linear("fusion.film.out", headIn, ctx.numClasses(), ctx.dataType(), random);
    }

    @Override
    public List<Param> parameters() {
        List<Param> out = new ArrayList<>(film.parameters());
        out.addAll(head.parameters());
        return out;
    }

    @Override
    public INDArray forward(List<INDArray> features, boolean training) {
        int d = sizes.get(dst);
        INDArray gammaBeta = film.forward(features.get(src));
        lastGamma = Columns.of(gammaBeta, 0, d);
        lastDst = features.get(dst);
        INDArray h = lastGamma.mul(lastDst).addi(Columns.of(gammaBeta, d, 2 * d));
        List<INDArray> parts = new ArrayList<>(List.of(h));
        others.forEach(m -> parts.add(features.get(m)));
        return head.forward(parts.size() == 1 ? h : Nd4j.hstack(parts.toArray(new INDArray[0])));
    }

    @Override
    public List<INDArray> backward(INDArray logitGradient) {
        int d = sizes.get(dst);
        INDArray dIn = head.backward(logitGradient);
        INDArray dh = Columns.of(dIn, 0, d);
        INDArray[] dz = new INDArray[sizes.size()];
        // h = γ ⊙ z + β: dγ = dh ⊙ z, dβ = dh, dz = dh ⊙ γ.
        dz[src] = film.backward(Nd4j.hstack(dh.mul(lastDst), dh));
        dz[dst] = dh.mul(lastGamma);
        int offset = d;
        for (int m : others) {
            dz[m] = Columns.of(dIn, offset, offset + sizes.get(m));
            offset += sizes.get(m);
        }
        return List.of(dz);
    }

    /** Registered as {@code film}. */
    public static final class Provider implements FusionProvider<FilmConfig> {
        @Override
        public String name() {
            return "film";
        }

        @Override
        public String description() {
            return "FiLM: γ, β from the conditioner modulate the conditioned features (unset: first two modalities)";
        }

        @Override
        public Class<FilmConfig> configType() {
            return FilmConfig.class;
        }

        @Override
        public FilmConfig defaults() {
            return FilmConfig.defaults();
        }

        @Override
        public boolean supports(Objective objective) {
            // FiLM modulation, then a linear head: on one output unit it is a score
            return true;
        }

        @Override
        public Fusion create(FilmConfig config, FusionContext context) {
            return new FilmFusion(config, context);
        }
    }
}
