package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.api.MidFusion;
import redreg.api.ModalitySpec;
import redreg.api.config.EncoderSpec;
import redreg.api.experiment.Registry;
import redreg.api.internal.engine.model.EncoderFactory;
import redreg.api.internal.engine.model.EncoderNet;
import redreg.api.internal.engine.model.StagedEncoder;
import redreg.api.internal.engine.model.StagedPass;
import redreg.api.nn.Linear;
import redreg.api.nn.Param;

/**
 * Staged encoders with a mid-fusion, through the whole model (encoders, MMTM blocks, fused head, unimodal heads):
 * the gradients of L = Σ fused ⊙ R + Σ_m head_m ⊙ R_m against central differences (double precision), and, with an
 * identity mid-fusion, the staged model against the un-staged one.
 */
class MidFusionGradientTest {
    private static final int B = 3;
    private static final int K = 3;
    private static final double H = 1e-6;
    private static final List<ModalitySpec> SPECS = List.of(new ModalitySpec("audio", new long[] {1, 8, 8}),
            new ModalitySpec("visual", new long[] {5}));
    private static final List<EncoderSpec> ENCODERS = List.of(new EncoderSpec("cnn", 2, 2, 4),
            new EncoderSpec("mlp", 3, 2, 6));

    private static redreg.api.ModalityEncoder encoder(int m) {
        return redreg.api.experiment.Registry.discover().modalityEncoder(SPECS.get(m), ENCODERS.get(m));
    }

    private record Model(List<StagedEncoder> encoders, Fusion fusion, StagedPass pass, List<Linear> heads) {
        /** The loss (training-mode forward); with {@code backward} also the gradients. */
        double loss(List<INDArray> x, INDArray r, List<INDArray> rHeads, boolean backward) {
            List<INDArray> z = pass.forward(x, true);
            double loss = fusion.forward(z, true).mul(r).sumNumber().doubleValue();
            for (int m = 0; m < z.size(); m++) {
                loss += heads.get(m).forward(z.get(m)).mul(rHeads.get(m)).sumNumber().doubleValue();
            }
            if (backward) {
                List<INDArray> dz = fusion.backward(r);
                List<INDArray> total = new ArrayList<>();
                for (int m = 0; m < z.size(); m++) {
                    total.add(dz.get(m).add(heads.get(m).backward(rHeads.get(m))));
                }
                pass.backward(total);
            }
            return loss;
        }
    }

    private static Model model(String fusionName, MidFusion identity) {
        List<StagedEncoder> encoders = new ArrayList<>();
        List<List<long[]>> shapes = new ArrayList<>();
        for (int m = 0; m < SPECS.size(); m++) {
            StagedEncoder e = StagedEncoder.build(SPECS.get(m), encoder(m), DataType.DOUBLE, 11 + m);
            encoders.add(e);
            shapes.add(e.stageShapes());
        }
        FusionContext ctx = new FusionContext(List.of("audio", "visual"), List.of(4, 6), K, DataType.DOUBLE, 5, shapes);
        Fusion fusion = create(Registry.discover().fusion(fusionName, "test"), ctx);
        MidFusion mid = identity != null ? identity : fusion.midFusion().orElseThrow();
        Random random = new Random(9);
        List<Linear> heads = List.of(new Linear("head.audio", 4, K, DataType.DOUBLE, random),
                new Linear("head.visual", 6, K, DataType.DOUBLE, random));
        return new Model(encoders, fusion, new StagedPass(encoders, mid), heads);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Fusion create(FusionProvider<?> provider, FusionContext ctx) {
        return ((FusionProvider) provider).create(provider.defaults(), ctx);
    }

    private static List<INDArray> inputs() {
        Nd4j.getRandom().setSeed(21);
        return List.of(Nd4j.rand(DataType.DOUBLE, B, 1, 8, 8).subi(0.5), Nd4j.rand(DataType.DOUBLE, B, 5).subi(0.5));
    }

    @Test
    void mmtmModelGradientsMatchFiniteDifferences() {
        Model model = model("mmtm", null);
        assertThat(model.fusion().midFusion().orElseThrow().stages()).containsExactly(1);
        List<INDArray> x = inputs();
        INDArray r = Nd4j.rand(DataType.DOUBLE, B, K).subi(0.5);
        List<INDArray> rHeads = List.of(Nd4j.rand(DataType.DOUBLE, B, K).subi(0.5), Nd4j.rand(DataType.DOUBLE, B, K).subi(0.5));
        model.loss(x, r, rHeads, true);
        DoubleSupplier loss = () -> model.loss(x, r, rHeads, false);
        // Encoder parameters before, inside and after the fused stage, of both modalities.
        Map<String, INDArray> audio = model.encoders().get(0).parameters();
        Map<String, INDArray> visual = model.encoders().get(1).parameters();
        Map<String, INDArray> audioGrad = model.encoders().get(0).gradients();
        Map<String, INDArray> visualGrad = model.encoders().get(1).gradients();
        for (String k : List.of("conv0_W", "bn0_gamma", "conv1_W", "z_W")) {
            compare("audio " + k, audio.get(k), audioGrad.get(k).dup(), loss, 4);
        }
        for (String k : List.of("fc0_W", "fc1_b", "z_W")) {
            compare("visual " + k, visual.get(k), visualGrad.get(k).dup(), loss, 12);
        }
        for (Param p : model.fusion().parameters()) {
            compare(p.name(), p.value(), p.gradient().dup(), loss, 6);
        }
    }

    @Test
    void anIdentityMidFusionGivesTheUnstagedModel() {
        MidFusion identity = new MidFusion() {
            @Override
            public List<Integer> stages() {
                return List.of(0, 1);
            }

            @Override
            public List<INDArray> forwardStage(int stage, List<INDArray> maps, boolean training) {
                return maps;
            }

            @Override
            public List<INDArray> backwardStage(int stage, List<INDArray> mapGradients) {
                return mapGradients;
            }
        };
        Model staged = model("concat", identity);
        List<INDArray> x = inputs();
        INDArray r = Nd4j.rand(DataType.DOUBLE, B, K).subi(0.5);
        List<INDArray> z = staged.pass().forward(x, true);
        List<INDArray> dz = List.of(Nd4j.rand(DataType.DOUBLE, B, 4), Nd4j.rand(DataType.DOUBLE, B, 6));
        staged.pass().backward(dz);
        assertThat(staged.pass().encode(x, false).get(0)).isEqualTo(
                new EncoderNet("audio", EncoderFactory.build(SPECS.get(0), encoder(0), DataType.DOUBLE, 11), encoder(0))
                        .encode(x.get(0), false));
        for (int m = 0; m < SPECS.size(); m++) {
            EncoderNet plain = new EncoderNet(SPECS.get(m).name(),
                    EncoderFactory.build(SPECS.get(m), encoder(m), DataType.DOUBLE, 11 + m), encoder(m));
            assertThat(plain.forward(x.get(m), true)).as("z " + m).isEqualTo(z.get(m));
            plain.backward(dz.get(m));
            StagedEncoder e = staged.encoders().get(m);
            plain.gradients().forEach((k, g) -> assertThat(e.gradients().get(k)).as(k).isEqualTo(g));
        }
    }

    /** Central differences ({@link OpenStepTest#numeric}) on up to {@code entries} evenly spread entries of {@code x}. */
    private static void compare(String what, INDArray x, INDArray analytic, DoubleSupplier loss, int entries) {
        long n = x.length();
        double largest = 0;
        for (long j = 0; j < Math.min(n, entries); j++) {
            long[] index = org.nd4j.linalg.api.shape.Shape.ind2subC(x.shape(), j * n / Math.min(n, entries));
            double numeric = OpenStepTest.numeric(x, index, loss);
            largest = Math.max(largest, Math.abs(numeric));
            assertThat(analytic.getDouble(index)).as(what + " at " + java.util.Arrays.toString(index))
                    .isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
        }
        assertThat(largest).as(what + " is not trivially zero").isGreaterThan(1e-6);
    }
}
