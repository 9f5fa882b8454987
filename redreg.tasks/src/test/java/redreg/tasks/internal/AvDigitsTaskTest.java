package redreg.tasks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Batch;
import redreg.api.ConfigException;
import redreg.api.InMemorySplit;
import redreg.api.TaskContext;
import redreg.tasks.AvDigitsConfig;

class AvDigitsTaskTest {
    @TempDir
    Path cache;

    private static AvDigitsConfig small(List<String> modalities) {
        AvDigitsConfig d = AvDigitsConfig.defaults();
        return new AvDigitsConfig(modalities, 120, 60, d.dataSeed(), d.imageSize(), d.imageNoise(), d.occlusion(),
                d.audioSnrDb(), d.melBins(), d.audioLayout(), d.textTypoRate(), true, false);
    }

    @Test
    void loadsShapesLabelsAndCachesFeatures() {
        AvDigitsConfig c = small(List.of("audio", "visual", "text"));
        TaskContext ctx = new TaskContext(1, cache, cache);
        AvDigitsTask first = new AvDigitsTask(c, ctx);
        assertThat(first.loadReport()).contains("features built");
        assertThat(first.classes()).hasSize(10);
        assertThat(first.modalities()).extracting(Object::toString)
                .containsExactly("audio[1, 32, 51]", "visual[1, 14, 14]", "text[12, 26]");
        assertThat(first.train().size()).isEqualTo(120);
        assertThat(first.test().size()).isEqualTo(60);
        assertThat(java.util.Arrays.stream(first.train().labels())).allMatch(y -> y >= 0 && y < 10);
        Batch b = first.train().batch(new int[] {0, 5}, true, new java.util.Random(1));
        assertThat(b.inputs().get("audio").shape()).containsExactly(2, 1, 32, 51);
        // each text row holds at most one letter
        INDArray text = b.inputs().get("text");
        assertThat(text.sum(2).maxNumber().doubleValue()).isEqualTo(1.0);

        AvDigitsTask second = new AvDigitsTask(c, ctx);
        assertThat(second.loadReport()).contains("loaded from cache");
        for (String m : List.of("audio", "visual", "text")) {
            assertThat(((InMemorySplit) second.test()).features(m))
                    .isEqualTo(((InMemorySplit) first.test()).features(m));
        }
        assertThat(second.train().labels()).containsExactly(first.train().labels());
    }

    @Test
    void modalitySubsetsSeeTheSamePairs() {
        TaskContext ctx = new TaskContext(1, cache, cache);
        AvDigitsTask both = new AvDigitsTask(small(List.of("audio", "visual")), ctx);
        AvDigitsTask visual = new AvDigitsTask(small(List.of("visual")), ctx);
        assertThat(visual.train().labels()).containsExactly(both.train().labels());
        assertThat(((InMemorySplit) visual.train()).features("visual"))
                .isEqualTo(((InMemorySplit) both.train()).features("visual"));
    }

    @Test
    void testSpeakersNeverTrain() throws Exception {
        String tsv;
        try (InputStream in = AvDigitsTask.class.getResourceAsStream("/redreg/tasks/avdigits/speakers.tsv")) {
            tsv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> train = new HashSet<>();
        Set<String> test = new HashSet<>();
        for (String line : tsv.split("\n")) {
            String[] f = line.split("\t");
            if (f[0].equals("index")) {
                continue;
            }
            String voice = f[3].contains("+") ? f[3].substring(f[3].indexOf('+') + 1) : f[3];
            (f[1].equals("train") ? train : test).add(voice);
        }
        assertThat(train).hasSizeGreaterThan(30).contains("Allison Smith");
        assertThat(test).hasSizeGreaterThanOrEqualTo(10).doesNotContainAnyElementsOf(train);
    }

    @Test
    void textWithoutTyposSpellsTheWord() {
        float[] t = AvDigitsFeatures.textFeatures(7, 0.0, new java.util.Random(3));
        StringBuilder word = new StringBuilder();
        for (int row = 0; row < AvDigitsFeatures.TEXT_LENGTH; row++) {
            for (int k = 0; k < AvDigitsFeatures.TEXT_SYMBOLS; k++) {
                if (t[row * AvDigitsFeatures.TEXT_SYMBOLS + k] == 1f) {
                    word.append((char) ('a' + k));
                }
            }
        }
        List<String> sevens = java.util.Arrays.stream(AvDigitsFeatures.WORDS).map(w -> w[7]).toList();
        assertThat(sevens).contains(word.toString());
    }

    @Test
    void badOptionsAreOneLine() {
        AvDigitsConfig d = AvDigitsConfig.defaults();
        assertThatThrownBy(() -> new AvDigitsConfig(List.of("audio", "smell"), 10, 10, 1, 14, 0, 0, 10, 32, "image",
                0, true, false)).isInstanceOf(ConfigException.class)
                .hasMessage("modalities: unknown modality 'smell'; valid: audio, visual, text");
        assertThatThrownBy(() -> new AvDigitsConfig(List.of("audio", "audio"), 10, 10, 1, 14, 0, 0, 10, 32, "image", 0,
                true, false)).hasMessage("modalities: 'audio' is listed twice in [audio, audio]");
    }

    private static AvDigitsConfig sized(List<String> noise) {
        AvDigitsConfig d = AvDigitsConfig.defaults();
        return new AvDigitsConfig(List.of("audio", "visual", "text"), 400, 200, d.dataSeed(), d.imageSize(),
                d.imageNoise(), d.occlusion(), 30.0, d.melBins(), d.audioLayout(), 0.0, false, false, noise);
    }

    /** Test accuracy of the nearest class mean (means from the training split) on one modality's features. */
    private static double nearestClassMean(AvDigitsTask t, String m) {
        double[][] train = ((InMemorySplit) t.train()).features(m).reshape(t.train().size(), -1)
                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        double[][] test = ((InMemorySplit) t.test()).features(m).reshape(t.test().size(), -1)
                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        double[][] mean = new double[10][train[0].length];
        int[] count = new int[10];
        for (int i = 0; i < train.length; i++) {
            int y = t.train().labels()[i];
            count[y]++;
            for (int j = 0; j < train[i].length; j++) {
                mean[y][j] += train[i][j];
            }
        }
        int right = 0;
        for (int i = 0; i < test.length; i++) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int k = 0; k < 10; k++) {
                double d = 0;
                for (int j = 0; j < test[i].length; j++) {
                    double x = test[i][j] - mean[k][j] / Math.max(1, count[k]);
                    d += x * x;
                }
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            right += best == t.test().labels()[i] ? 1 : 0;
        }
        return (double) right / test.length;
    }

    @Test
    void noiseRemovesTheSignalOfTheListedModalitiesOnly() {
        TaskContext ctx = new TaskContext(1, cache, cache);
        AvDigitsTask clean = new AvDigitsTask(sized(List.of()), ctx);
        AvDigitsTask noisy = new AvDigitsTask(sized(List.of("audio", "text")), ctx);
        AvDigitsTask blind = new AvDigitsTask(sized(List.of("visual")), ctx);
        assertThat(noisy.train().labels()).containsExactly(clean.train().labels());
        // the untouched modality keeps exactly its samples
        assertThat(((InMemorySplit) noisy.test()).features("visual"))
                .isEqualTo(((InMemorySplit) clean.test()).features("visual"));
        assertThat(((InMemorySplit) blind.test()).features("audio"))
                .isEqualTo(((InMemorySplit) clean.test()).features("audio"));
        for (String m : List.of("audio", "visual", "text")) {
            AvDigitsTask without = m.equals("visual") ? blind : noisy;
            double withSignal = nearestClassMean(clean, m);
            double noise = nearestClassMean(without, m);
            assertThat(withSignal).as(m + " with its signal").isGreaterThan(0.4);
            assertThat(noise).as(m + " as noise: chance is 0.1").isLessThan(0.2);
        }
        assertThatThrownBy(() -> sized(List.of("smell"))).isInstanceOf(ConfigException.class)
                .hasMessage("noise: unknown modality 'smell'; valid: audio, visual, text");
    }
}
