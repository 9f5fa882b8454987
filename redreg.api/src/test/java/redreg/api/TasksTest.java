package redreg.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TasksTest {
    /** 600 samples (three statistics batches, the last one partial) of log-mel-like values: mean −6, std 8. */
    private static final int N = 600;

    private static double[] values(long seed, int n, double mean, double std) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + std * r.nextGaussian();
        }
        return v;
    }

    private static Task task(double[] audio, double[] visual) {
        Map<String, INDArray> f = new LinkedHashMap<>();
        f.put("audio", Nd4j.create(audio, new long[] {N, 2, 3}, DataType.FLOAT));
        f.put("visual", Nd4j.create(visual, new long[] {N, 4}, DataType.FLOAT));
        InMemorySplit split = new InMemorySplit(f, new int[N]);
        List<ModalitySpec> specs = List.of(new ModalitySpec("audio", new long[] {2, 3}),
                new ModalitySpec("visual", new long[] {4}));
        return new Task() {
            public List<ModalitySpec> modalities() {
                return specs;
            }

            public List<String> classes() {
                return List.of("a", "b");
            }

            public DataSplit train() {
                return split;
            }

            public DataSplit test() {
                return split;
            }
        };
    }

    @Test
    void trainingStatisticsMatchATwoPassComputationAcrossBatches() {
        double[] audio = values(1, N * 6, -6, 8);
        Task t = task(audio, values(2, N * 4, 3, 0.5));
        // independent: two passes in double over the values as stored (float32)
        double mean = 0;
        for (double v : audio) {
            mean += (float) v;
        }
        mean /= audio.length;
        double m2 = 0;
        for (double v : audio) {
            m2 += ((float) v - mean) * ((float) v - mean);
        }
        double std = Math.sqrt(m2 / audio.length);
        Tasks.Stats s = Tasks.trainingStats(t).get("audio");
        assertThat(s.mean()).isCloseTo(mean, within(1e-9));
        assertThat(s.std()).isCloseTo(std, within(1e-9));
        assertThat(s.mean()).isCloseTo(-6, within(0.5));

        Task z = Tasks.standardized(t);
        INDArray x = z.train().batch(new int[] {7, 300}, true, new Random(3)).inputs().get("audio");
        assertThat(x.getDouble(1, 1, 2)).isCloseTo(((float) audio[300 * 6 + 5] - mean) / std, within(1e-5));
        assertThat(z.modalities()).isEqualTo(t.modalities());
    }

    @Test
    void selectKeepsTheOrderGivenAndRejectsUnknownOrRepeatedModalities() {
        Task t = task(values(1, N * 6, 0, 1), values(2, N * 4, 0, 1));
        Task v = Tasks.select(t, List.of("visual"));
        assertThat(v.modalities()).extracting(ModalitySpec::name).containsExactly("visual");
        assertThat(v.train().batch(new int[] {1}, false, new Random(1)).inputs()).containsOnlyKeys("visual");
        assertThat(Tasks.select(t, null)).isSameAs(t);
        assertThat(Tasks.select(t, List.of("visual", "audio")).modalities()).extracting(ModalitySpec::name)
                .containsExactly("visual", "audio");
        assertThatThrownBy(() -> Tasks.select(t, List.of("text"))).isInstanceOf(ConfigException.class)
                .hasMessage("modalities: unknown modality 'text'; valid: audio, visual");
        assertThatThrownBy(() -> Tasks.select(t, List.of("audio", "audio")))
                .hasMessage("modalities: 'audio' is listed twice in [audio, audio]");
        assertThatThrownBy(() -> Tasks.select(t, List.of()))
                .hasMessage("modalities: expected at least one of audio, visual (leave the key out for all of them)");
    }
}
