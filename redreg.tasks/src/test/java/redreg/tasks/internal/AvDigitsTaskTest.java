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
}
