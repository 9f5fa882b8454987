package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ConfigException;
import redreg.api.DataPart;
import redreg.api.FeatureSet;
import redreg.api.signals.Gradients;
import redreg.regulators.AgmConfig;
import redreg.regulators.GBlendingConfig;
import redreg.regulators.MmParetoConfig;
import redreg.regulators.PmrConfig;
import redreg.regulators.RelearningConfig;
import redreg.testkit.GradientCheck;
import redreg.testkit.TestContext;
import redreg.testkit.TestStep;

/** Properties of the baselines named in their papers, on random inputs. */
class BaselinePropertiesTest {
    private final Random random = new Random(5);

    private INDArray rand(long... shape) {
        INDArray a = Nd4j.zeros(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, random.nextGaussian());
        }
        return a;
    }

    private Map<String, INDArray> tensors() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("W", rand(3, 4));
        m.put("b", rand(1, 4));
        return m;
    }

    private TestStep mmParetoStep(Map<String, INDArray> fused, Map<String, INDArray> unimodal) {
        Map<String, INDArray> total = new LinkedHashMap<>();
        fused.forEach((k, v) -> total.put(k, v.add(unimodal.get(k))));
        return BaselineReferenceTest.step(List.of("audio"), 0, new int[] {0},
                (name, m) -> m.fusedGradients(fused).lossGradients("unimodal", unimodal).gradients(total)).build();
    }

    private static TestContext context(String... mods) {
        return TestContext.builder().modalities(mods).epochs(10).seed(1).build();
    }

    @Test
    void mmParetoPositiveCosineGivesHalfAndHalfAndScalesTheSumByGamma() {
        Map<String, INDArray> g = tensors();
        Map<String, INDArray> u = new LinkedHashMap<>();
        g.forEach((k, v) -> u.put(k, v.mul(0.3).addi(rand(v.shape()).muli(0.05))));
        TestStep s = mmParetoStep(g, u);
        Map<String, INDArray> sum = Gradients.copy(s.modality("audio").gradients());
        new MmPareto(new MmParetoConfig(1.5)).regulate(s);
        assertThat(s.diagnostic("mmpareto.cos.audio")).isPositive();
        assertThat(s.diagnostic("mmpareto.k1.audio")).isEqualTo(0.5);
        // (½, ½) gives new = g_mm + g_u = base, so no rescale: grad = γ·base.
        sum.forEach((k, v) -> assertThat(s.modality("audio").gradients().get(k).sub(v.mul(1.5)).amaxNumber()
                .doubleValue()).isLessThan(1e-12));
    }

    @Test
    void mmParetoNegativeCosineTakesTheMinNormPointAndRescalesToTheSummedNorm() {
        for (int trial = 0; trial < 20; trial++) {
            Map<String, INDArray> g = tensors();
            Map<String, INDArray> u = new LinkedHashMap<>();
            double a = -0.2 - random.nextDouble();
            g.forEach((k, v) -> u.put(k, v.mul(a).addi(rand(v.shape()).muli(0.3))));
            double mu = Gradients.dot(g, u);
            if (mu >= 0) {
                continue;
            }
            TestStep s = mmParetoStep(g, u);
            Map<String, INDArray> base = Gradients.copy(s.modality("audio").gradients());
            new MmPareto(new MmParetoConfig(1.5)).regulate(s);
            double k1 = s.diagnostic("mmpareto.k1.audio");
            // The min-norm point d of the segment is orthogonal to the segment's direction g − u.
            Map<String, INDArray> d = new LinkedHashMap<>();
            g.forEach((k, v) -> d.put(k, v.mul(k1).addi(u.get(k).mul(1 - k1))));
            assertThat(Gradients.dot(d, Gradients.difference(g, u)))
                    .isCloseTo(0, within(1e-9 * Gradients.squaredNorm(g)));
            for (var e : base.entrySet()) {
                double newNorm = d.get(e.getKey()).mul(2).norm2Number().doubleValue();
                double baseNorm = e.getValue().norm2Number().doubleValue();
                assertThat(s.modality("audio").gradients().get(e.getKey()).norm2Number().doubleValue())
                        .as("‖grad‖ = γ·max(‖base‖, ‖new‖)").isCloseTo(1.5 * Math.max(newNorm, baseNorm), within(1e-9));
            }
        }
    }

    @Test
    void minNormSolverEdgeRules() {
        assertThat(MmPareto.minNormWeight(1, 1.5, 4)).isEqualTo(0.999);   // ⟨v1,v2⟩ ≥ ‖v1‖²: v1 is the min-norm point
        assertThat(MmPareto.minNormWeight(4, 1.5, 1)).isEqualTo(0.001);   // ⟨v1,v2⟩ ≥ ‖v2‖²
        assertThat(MmPareto.minNormWeight(1, -1, 1)).isEqualTo(0.5);
        assertThat(MmPareto.minNormWeight(4, 0, 1)).isCloseTo(0.2, within(1e-15));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void agmShapleyValuesSumToTheFullLogits(int m) {
        INDArray[] v = new INDArray[1 << m];
        for (int s = 1; s < v.length; s++) {
            v[s] = rand(5, 3);
        }
        INDArray[] phi = Agm.shapley(v, m);
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, 5, 3);
        for (INDArray p : phi) {
            sum.addi(p);
        }
        assertThat(sum.sub(v[v.length - 1]).amaxNumber().doubleValue()).isLessThan(1e-12);
        if (m == 2) {
            // φ_a = ½(T − P_a + P_v), P_a the audio-removed pass v({visual}), P_v = v({audio}).
            INDArray expected = v[3].sub(v[2]).add(v[1]).mul(0.5);
            assertThat(phi[0].sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void agmEqualCoefficientsAreJointTraining(int m) {
        double[] c = new double[m];
        java.util.Arrays.fill(c, 0.7);
        double[] kappa = Agm.coalitionScales(c);
        assertThat(kappa[kappa.length - 1]).isCloseTo(0.7, within(1e-12));
        for (int s = 1; s < kappa.length - 1; s++) {
            assertThat(kappa[s]).as("coalition %d", s).isCloseTo(0, within(1e-12));
        }
        double[] two = {0.8, 1.4};
        if (m == 2) {
            double[] k = Agm.coalitionScales(two);
            assertThat(k[3]).isCloseTo(1.1, within(1e-12));
            assertThat(k[2]).as("audio-removed pass: (c_v − c_a)/2").isCloseTo(0.3, within(1e-12));
            assertThat(k[1]).isCloseTo(-0.3, within(1e-12));
        }
    }

    @Test
    void agmRunsEveryCoalitionOfThreeModalities() {
        List<String> mods = List.of("a", "b", "c");
        Agm agm = new Agm(AgmConfig.defaults());
        agm.onTrainStart(context("a", "b", "c"));
        TestStep.Builder b = BaselineReferenceTest.step(mods, 0, new int[] {0, 1, 2, 0}, (name, m) -> { })
                .fusedLogits(rand(4, 3));
        for (int mask = 1; mask < 7; mask++) {
            b.pass(BaselineReferenceTest.zeroed(mask, mods), rand(4, 3));
        }
        TestStep s = b.build();
        agm.shapeLoss(s);
        assertThat(s.passes()).hasSize(6).allMatch(p -> p.kept() && !p.trainMode());
        assertThat(s.passes().stream().map(p -> p.zeroed()).distinct()).hasSize(6);
    }

    private FeatureSet features(int n, int d, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        return new FeatureSet(new int[n], y, Map.of("audio", rand(n, d), "visual", rand(n, d)), Map.of(), null);
    }

    @Test
    void pmrPrototypesAreTheClassMeansOfTheFeatures() {
        FeatureSet fs = features(12, 4, 3);
        TestContext ctx = TestContext.builder().modalities("audio", "visual").epochs(10).seed(1)
                .features(DataPart.TRAIN, fs).build();
        Pmr pmr = new Pmr(PmrConfig.defaults());
        pmr.onTrainStart(ctx);
        pmr.onEpochStart(ctx);
        assertThat(ctx.featureCalls()).containsExactly("TRAIN 0.1 pmr");
        for (String m : List.of("audio", "visual")) {
            INDArray z = fs.features().get(m);
            for (int k = 0; k < 3; k++) {
                INDArray mean = Nd4j.zeros(DataType.DOUBLE, 4);
                int count = 0;
                for (int i = 0; i < 12; i++) {
                    if (fs.labels()[i] == k) {
                        mean.addi(z.getRow(i));
                        count++;
                    }
                }
                assertThat(pmr.prototypes(m).getRow(k).sub(mean.divi(count)).amaxNumber().doubleValue()).isLessThan(1e-12);
            }
        }
    }

    @Test
    void pmrTermGradientIsTheFiniteDifferenceOfItsValue() {
        FeatureSet fs = features(12, 4, 3);
        TestContext ctx = TestContext.builder().modalities("audio", "visual").epochs(10).features(DataPart.TRAIN, fs)
                .build();
        Pmr pmr = new Pmr(PmrConfig.defaults());
        pmr.onTrainStart(ctx);
        pmr.onEpochStart(ctx);
        int[] y = {0, 1, 2, 0, 1, 2};
        // audio sits on its prototypes (ahead), visual is noise (behind): the term acts on visual only
        INDArray audio = Nd4j.zeros(DataType.DOUBLE, 6, 4);
        for (int i = 0; i < 6; i++) {
            audio.putRow(i, pmr.prototypes("audio").getRow(y[i]).add(rand(4).muli(0.01)));
        }
        Map<String, INDArray> z = Map.of("audio", audio, "visual", rand(6, 4));
        java.util.function.Function<Map<String, INDArray>, TestStep> stepAt = f -> TestStep.builder().labels(y)
                .clock(0, 10, 0, 1).modality("audio", m -> m.features(f.get("audio")))
                .modality("visual", m -> m.features(f.get("visual"))).build();
        TestStep at = stepAt.apply(z);
        pmr.shapeLoss(at);
        assertThat(at.terms()).containsOnlyKeys("pmr.visual");
        GradientCheck.ofTerm("pmr.visual", stepAt, pmr::shapeLoss).at(z).assertWithin(1e-7);
    }

    @Test
    void pmrFillsAClassMissingFromTheSampleFromTheWholeTrainingPart() {
        FeatureSet whole = features(12, 4, 3);
        FeatureSet sample = features(4, 4, 2); // no class 2
        TestContext ctx = TestContext.builder().modalities("audio", "visual").epochs(10).seed(1)
                .features(DataPart.TRAIN, (epoch, fraction, stream) -> fraction == 1.0 ? whole : sample).build();
        Pmr pmr = new Pmr(PmrConfig.defaults());
        pmr.onEpochStart(ctx);
        assertThat(ctx.featureCalls()).containsExactly("TRAIN 0.1 pmr", "TRAIN 1.0 pmr.all");
        assertThat(pmr.prototypes("audio").getRow(2).sub(Nd4j.createFromArray(
                Pmr.classMeans(whole.features().get("audio"), whole.labels(), 3)[2])).amaxNumber().doubleValue())
                .isLessThan(1e-12);
    }

    @Test
    void modalityLimitsAndMissingValidationAreOneLineConfigErrors() {
        TestContext one = context("a");
        assertThatThrownBy(() -> new Pmr(PmrConfig.defaults()).onTrainStart(one)).isInstanceOf(ConfigException.class)
                .hasMessage("regulator pmr: needs at least 2 modalities (it compares their scores), got 1: [a]");
        new Pmr(PmrConfig.defaults()).onTrainStart(context("a", "b", "c"));
        TestContext none = TestContext.builder().modalities("a", "b").epochs(10).size(DataPart.VALIDATION, 0).build();
        assertThatThrownBy(() -> new GBlending(GBlendingConfig.defaults()).onTrainStart(none))
                .isInstanceOf(ConfigException.class).hasMessageContaining("training.validation").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> new Relearning(RelearningConfig.defaults()).onTrainStart(none))
                .isInstanceOf(ConfigException.class).hasMessageContaining("training.validation");
    }

    @Test
    void purityOfAKnownClustering() {
        // clusters {0,0,1}, {1,1,1,2}, {2}: majorities 2 + 3 + 1 over 8 samples
        assertThat(Relearning.purity(new int[][] {{0, 0, 1}, {1, 1, 1, 2}, {2}}, 3, 8)).isEqualTo(6.0 / 8);
        assertThat(Relearning.purity(new int[][] {{0, 1, 2}}, 3, 3)).isEqualTo(1.0 / 3);
    }

    @Test
    void kMeansRecoversSeparatedBlobsAndScalingMapsToMinusOneOne() {
        int n = 90;
        double[][] x = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 3; j++) {
                x[i][j] = (j == y[i] ? 20 : 0) + 0.5 * random.nextGaussian();
            }
        }
        double[][] scaled = Relearning.scaled(Nd4j.createFromArray(x));
        for (int j = 0; j < 3; j++) {
            int col = j;
            assertThat(java.util.Arrays.stream(scaled).mapToDouble(r -> r[col]).min().orElseThrow()).isEqualTo(-1.0);
            assertThat(java.util.Arrays.stream(scaled).mapToDouble(r -> r[col]).max().orElseThrow())
                    .isCloseTo(1.0, within(1e-12));
        }
        Relearning r = new Relearning(RelearningConfig.defaults());
        assertThat(r.purity(scaled, y, 3, 1)).isEqualTo(1.0);
        int[] shuffled = y.clone();
        shuffled[0] = 1;
        shuffled[1] = 2;
        assertThat(r.purity(scaled, shuffled, 3, 1)).isCloseTo(88.0 / 90, within(1e-12));
    }

    @Test
    void gBlendingWeightFormulaOnKnownLosses() {
        // head a: ΔG = 0.2, ΔO = (0.8 − 0.4) − (1.0 − 1.0) = 0.4 → 0.2/0.16 = 1.25
        // head b: ΔG = 0.1, ΔO = (0.9 − 0.7) − (1.0 − 0.9) = 0.1 → 0.1/0.01 = 10
        // fused: ΔG = −0.1 → 0
        Map<String, double[]> losses = new LinkedHashMap<>();
        losses.put("a", new double[] {1.0, 1.0, 0.4, 0.8});
        losses.put("b", new double[] {0.9, 1.0, 0.7, 0.9});
        losses.put("fused", new double[] {1.0, 1.0, 0.5, 1.1});
        Map<String, Double> w = GBlending.blend(losses, Map.of());
        assertThat(w.get("a")).isCloseTo(1.25 / 11.25, within(1e-12));
        assertThat(w.get("b")).isCloseTo(10 / 11.25, within(1e-12));
        assertThat(w.get("fused")).isEqualTo(0.0);
        Map<String, Double> previous = Map.of("a", 0.5, "fused", 0.5);
        losses.replaceAll((k, l) -> new double[] {1, 1, 0.5, 1.2});
        assertThat(GBlending.blend(losses, previous)).isSameAs(previous);
    }

    @Test
    void gBlendingTrainsEachHeadAloneOnForksAndDetachesTheOthers() {
        assertThat(GBlending.only("fused", List.of("a", "b")).unimodal()).containsExactlyInAnyOrderEntriesOf(
                Map.of("a", 0.0, "b", 0.0));
        assertThat(GBlending.only("a", List.of("a", "b")).fused()).isEqualTo(0.0);
        assertThat(GBlending.only("a", List.of("a", "b")).unimodal()).containsEntry("a", 1.0).containsEntry("b", 0.0);
        assertThat(Set.of(GBlendingConfig.defaults().epochsPerEstimate())).containsExactly(10);
    }
}
