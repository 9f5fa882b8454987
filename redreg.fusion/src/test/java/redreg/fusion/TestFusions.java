package redreg.fusion;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.fusion.internal.ConcatFusion;
import redreg.fusion.internal.FilmFusion;
import redreg.fusion.internal.GatedFusion;
import redreg.fusion.internal.MmCosineFusion;
import redreg.fusion.internal.SumFusion;

/** Fusions built straight from their providers (ServiceLoader is the bench tests' business). */
final class TestFusions {
    static final int BATCH = 4;
    static final int CLASSES = 3;
    /** Different sizes per modality, so a mixed-up index shows up as a shape error. */
    static final List<Integer> SIZES = List.of(3, 5, 4);

    private TestFusions() {
    }

    static List<FusionProvider<?>> providers() {
        return List.of(new ConcatFusion.Provider(), new SumFusion.Provider(), new FilmFusion.Provider(),
                new GatedFusion.Provider(), new MmCosineFusion.Provider());
    }

    static FusionContext context(int modalities, DataType type) {
        List<String> names = List.of("a", "b", "c").subList(0, modalities);
        return new FusionContext(names, SIZES.subList(0, modalities), CLASSES, type, 11);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Fusion create(FusionProvider<?> provider, Record config, FusionContext ctx) {
        return ((FusionProvider) provider).create(config == null ? provider.defaults() : config, ctx);
    }

    /** Centred random features [B, d_m] per modality. */
    static List<INDArray> features(FusionContext ctx) {
        List<INDArray> z = new ArrayList<>();
        for (int d : ctx.featureSizes()) {
            z.add(Nd4j.rand(ctx.dataType(), BATCH, d).subi(0.5).muli(2));
        }
        return z;
    }
}
