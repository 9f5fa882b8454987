package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static redreg.regulators.internal.ReferenceValuesTest.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.PluginState;
import redreg.regulators.AmcoConfig;
import redreg.testkit.TestStep;

/**
 * AMCo's steps against {@code reference/amco_reference.py} (numpy, BalanceBenchmark's trainer and model over three
 * epochs: p_t, the dependent modality, every mask entry, the softmax shares), and its rules.
 */
class AmcoTest {
    private static final double TOL = 1e-6;

    @Test
    void stepsOverThreeEpochsMatchTheNumpyReference() throws Exception {
        JsonNode cases;
        try (InputStream in = AmcoTest.class.getResourceAsStream("/reference/amco.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        for (JsonNode c : cases) {
            List<String> mods = BaselineReferenceTest.strings(c.get("modalities"));
            Amco amco = new Amco(new AmcoConfig(c.get("sigma").asDouble(), c.get("eps").asDouble(), 1.0));
            // The stream a checkpoint hands back: the mask draws start at the reference's seed.
            amco.restoreState(null, new PluginState().putRandom("mask", new Random(c.get("seed").asLong())));
            int batch = c.get("batch").asInt();
            int n = 0;
            for (JsonNode s : c.get("steps")) {
                String where = mods.size() + " modalities, step " + n++;
                TestStep.Builder b = TestStep.builder().labels(new int[batch]).numClasses(c.get("classes").asInt())
                        .clock(s.get("epoch").asInt(), 3, n, 100);
                for (String m : mods) {
                    INDArray logits = array(s.get("logits").get(m));
                    b.modality(m, fm -> fm.logits(logits)
                            .features(Nd4j.ones(DataType.DOUBLE, batch, c.get("sizes").get(m).asInt())));
                }
                TestStep step = b.build();
                amco.shapeLoss(step);
                assertThat(step.diagnostic("amco.pt")).as(where).isCloseTo(s.get("pt").asDouble(), within(TOL));
                for (String m : mods) {
                    assertThat(step.diagnostic("amco.share." + m)).as(where + " share " + m)
                            .isCloseTo(s.get("shares").get(m).asDouble(), within(TOL));
                    assertThat(step.unimodalWeight(m)).isEqualTo(1.0);
                }
                assertThat(step.fusedWeight()).isEqualTo(1.0);
                if (s.get("masked").isNull()) {
                    assertThat(step.featureScales()).as(where).isEmpty();
                    assertThat(step.diagnostic("amco.masked")).isEqualTo(-1);
                    continue;
                }
                String masked = s.get("masked").asText();
                assertThat(step.featureScales().keySet()).as(where).containsExactly(masked);
                assertThat(step.diagnostic("amco.masked")).isEqualTo(mods.indexOf(masked));
                double[][] scale = step.featureScales().get(masked).castTo(DataType.DOUBLE).toDoubleMatrix();
                assertThat(scale.length).isEqualTo(batch);
                for (double[] row : scale) {
                    for (int j = 0; j < row.length; j++) {
                        assertThat(row[j]).as(where + " mask " + j).isCloseTo(s.get("mask").get(j).asDouble(), within(TOL));
                    }
                }
            }
        }
    }

    @Test
    void theRatioRisesToOneAndTheMaskKeepsTheMean() {
        assertThat(Amco.maskRatio(0, 0.3)).isZero();
        assertThat(Amco.maskRatio(0.15, 0.3)).isCloseTo(Math.sin(Math.PI / 4), within(1e-12));
        assertThat(Amco.maskRatio(5, 0.3)).isCloseTo(1, within(1e-12));
        double[] m = Amco.mask(512, 0.5, new Random(3));
        int zeros = 0;
        double sum = 0;
        for (double v : m) {
            zeros += v == 0 ? 1 : 0;
            sum += v;
            assertThat(v == 0 || Math.abs(v - 2) < 1e-12).isTrue();
        }
        assertThat(zeros).isEqualTo(256);
        assertThat(sum / 512).as("inverted-dropout scaling keeps the mean").isCloseTo(1, within(1e-12));
        // p_t = 1 masks everything (the kept factor would be 10, the trainer's guard).
        assertThat(Amco.mask(8, 1, new Random(3))).containsOnly(0.0);
    }

    @Test
    void theFirstEpochNeverMasksAndTheSharesSumToOne() {
        double[] s = Amco.shares(List.of(new double[][] {{3, 0}, {2, 1}}, new double[][] {{0, 0}, {1, 1}}));
        assertThat(s[0] + s[1]).isCloseTo(1, within(1e-12));
        assertThat(s[0]).isGreaterThan(0.5);
        Amco amco = new Amco(AmcoConfig.defaults());
        amco.restoreState(null, new PluginState().putRandom("mask", new Random(1)));
        for (int i = 0; i < 5; i++) {
            TestStep step = TestStep.builder().labels(0, 1).numClasses(2).clock(0, 3, i, 100)
                    .modality("audio", fm -> fm.logits(Nd4j.createFromArray(new double[][] {{3, 0}, {2, 1}}))
                            .features(Nd4j.ones(DataType.DOUBLE, 2, 4)))
                    .modality("visual", fm -> fm.logits(Nd4j.zeros(DataType.DOUBLE, 2, 2))
                            .features(Nd4j.ones(DataType.DOUBLE, 2, 4)))
                    .build();
            amco.shapeLoss(step);
            assertThat(step.diagnostic("amco.pt")).isZero();
            if (i > 0) {
                // audio is dependent from the second step on, with an all-ones mask (p_t = 0 in epoch 0).
                assertThat(step.featureScales().get("audio").castTo(DataType.DOUBLE).toDoubleMatrix()[0])
                        .containsOnly(1.0);
            }
        }
    }
}
