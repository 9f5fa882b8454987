package redreg.tasks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Batch;
import redreg.api.ConfigException;
import redreg.api.TaskContext;
import redreg.tasks.CremaDConfig;
import redreg.tasks.internal.io.Npy;

class CremaDTaskTest {
    @TempDir
    Path dir;

    private static CremaDConfig config(String path, boolean skip) {
        return new CremaDConfig(path, List.of("audio", "visual"), "train.csv", "test.csv", "AudioWAV", 1, 2, 16,
                "constant", skip, true, false);
    }

    private CremaDTask load(Path root, boolean skip) {
        return new CremaDTask(config(root.toString(), skip), new TaskContext(1, dir, dir.resolve("cache")));
    }

    private Path copy() throws Exception {
        Path root = dir.resolve("crema");
        NpyFolderTaskTest.copyTree(Fixtures.of("crema-d"), root);
        return root;
    }

    private static void assertSpectrogram(INDArray audio, int row, String expectedFile) {
        Npy.Array e = Npy.read(Fixtures.of("crema-d/" + expectedFile));
        assertThat(e.shape()).containsExactly(257, 188);
        float[] v = e.floats();
        for (int f = 0; f < 257; f += 8) {
            for (int t = 0; t < 188; t++) {
                assertThat(audio.getDouble(row, 0, f, t)).as("bin %d frame %d", f, t)
                        .isCloseTo(v[f * 188 + t], within(1e-4));
            }
        }
    }

    @Test
    void loadsTheFixtureLikeTheReference() {
        CremaDTask t = new CremaDTask(config("crema-d", false), new TaskContext(1, Fixtures.root(), dir));
        assertThat(t.classes()).containsExactly("NEU", "HAP", "SAD", "FEA", "DIS", "ANG");
        assertThat(t.modalities()).extracting(Object::toString).containsExactly("audio[1, 257, 188]", "visual[6, 16, 16]");
        assertThat(t.train().labels()).containsExactly(5, 1, 0, 2);
        assertThat(t.test().labels()).containsExactly(3, 4);
        Batch b = t.train().batch(new int[] {0, 1, 2, 3}, false, null);
        assertSpectrogram(b.inputs().get("audio"), 2, "expected_1002_TIE_NEU_XX.npy"); // 3.5 s: tiled, cut
        assertSpectrogram(b.inputs().get("audio"), 0, "expected_1001_DFA_ANG_XX.npy"); // 0.5 s: tiled, padded
        // evaluation: frames 1 and 3 of 3 (evenly spaced), resized, ImageNet-normalised; flat colours survive
        INDArray v = b.inputs().get("visual");
        assertThat(v.shape()).containsExactly(4, 6, 16, 16);
        assertThat(v.getDouble(0, 0, 5, 7)).isCloseTo((200 / 255.0 - 0.485) / 0.229, within(0.03));
        assertThat(v.getDouble(0, 1, 5, 7)).isCloseTo((30 / 255.0 - 0.456) / 0.224, within(0.03));
        assertThat(v.getDouble(0, 3, 5, 7)).isCloseTo((66 / 255.0 - 0.485) / 0.229, within(0.03));
        // training: random resized crop and flip of a flat frame keep its colour
        Batch tb = t.train().batch(new int[] {0}, true, new Random(5));
        assertThat(tb.inputs().get("visual").getDouble(0, 0, 9, 3)).isCloseTo((200 / 255.0 - 0.485) / 0.229, within(0.03));
        assertThat(t.reports()).isEmpty();
    }

    @Test
    void spectrogramsAreCached() throws Exception {
        Path root = copy();
        CremaDTask first = load(root, false);
        try (var s = Files.walk(dir.resolve("cache"))) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("audio.npy")).count()).isEqualTo(2);
        }
        CremaDTask second = load(root, false);
        Batch a = first.test().batch(new int[] {0, 1}, false, null);
        Batch b = second.test().batch(new int[] {0, 1}, false, null);
        assertThat(b.inputs().get("audio")).isEqualTo(a.inputs().get("audio"));
    }

    @Test
    void unknownLabelFailsOrIsSkipped() throws Exception {
        Path root = copy();
        Path csv = root.resolve("train.csv");
        Files.writeString(csv, "\uFEFF1001_DFA_ANG_XX,XXX\r\n1001_IEO_HAP_HI,HAP\r\n1002_TIE_NEU_XX,NEU\r\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(csv + " line 1: label 'XXX' is not one of NEU, HAP, SAD, FEA, DIS, ANG");
        CremaDTask t = load(root, true);
        assertThat(t.train().labels()).containsExactly(1, 0);
        assertThat(t.reports()).containsExactly("crema-d: skipped 1 bad sample of 3 in the train split"
                + " (skipBadSamples: true); first: " + csv + " line 1: label 'XXX' is not one of NEU, HAP, SAD, FEA,"
                + " DIS, ANG");
    }

    @Test
    void listLinesAreReadAsCsvWithQuotesAndAFieldCount() throws Exception {
        // issue 15: a real CSV parser, so an extra field or an unterminated quote is one clear line, not a guess
        Path root = copy();
        Path csv = root.resolve("train.csv");
        Files.writeString(csv, "\uFEFF\"1001_DFA_ANG_XX\",ANG\r\n\r\n1001_IEO_HAP_HI,HAP,extra\r\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(csv + " line 3: expected 2 fields clip,EMO, got 3: '1001_IEO_HAP_HI,HAP,extra'");
        assertThat(load(root, true).train().labels()).containsExactly(5);
        Files.writeString(csv, "1001_DFA_ANG_XX,ANG\n\"1001_IEO_HAP_HI,HAP\n1002_TIE_NEU_XX,NEU\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(root, true)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(csv + " line ").hasMessageContaining(": not valid CSV (")
                .hasMessageNotContaining("\n");
    }

    @Test
    void missingAndCorruptFiles() throws Exception {
        Path root = copy();
        Path csv = root.resolve("train.csv");
        Path wav = root.resolve("AudioWAV/1001_IEO_HAP_HI.wav");
        Files.delete(wav);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(wav + ": file not found (expected the audio of " + csv + " line 2)");
        Files.write(wav, "not audio at all".getBytes());
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(wav + ": not a RIFF/WAVE file (expected 'RIFF'…'WAVE' at the start)");
        CremaDTask skipped = load(root, true);
        assertThat(skipped.train().size()).isEqualTo(3);
        assertThat(skipped.reports()).hasSize(1);
        assertThat(skipped.reports().get(0)).startsWith("crema-d: skipped 1 bad sample of 4 in the train split");
    }

    @Test
    void corruptAndMissingFrames() throws Exception {
        Path root = copy();
        Path jpg = root.resolve("Image-01-FPS/1003_IWW_FEA_XX/00002.jpg");
        byte[] good = Files.readAllBytes(jpg);
        Files.write(jpg, Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(jpg + ": corrupt JPEG (truncated: no end-of-image marker FFD9)");
        Files.write(jpg, "GIF89a....".getBytes());
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(jpg + ": corrupt JPEG (no start-of-image marker FFD8)");
        Path frames = root.resolve("Image-01-FPS/1003_DFA_DIS_XX");
        for (String f : List.of("00001.jpg", "00002.jpg", "00003.jpg")) {
            Files.delete(frames.resolve(f));
        }
        Files.copy(Fixtures.of("crema-d/Image-01-FPS/1003_IWW_FEA_XX/00001.jpg"), jpg,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(frames + ": expected at least 2 JPEG frames for " + root.resolve("test.csv")
                        + " line 2, found 0");
    }

    @Test
    void emptySplitAndMissingFolder() throws Exception {
        Path root = copy();
        Files.writeString(root.resolve("test.csv"), "\uFEFF", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(root.resolve("test.csv") + ": empty split (no usable clips; expected clip,EMO rows with"
                        + " their audio and frames)");
        Files.delete(root.resolve("test.csv"));
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(root.resolve("test.csv") + ": file not found (expected clip,EMO rows)");
        assertThatThrownBy(() -> load(dir.resolve("nowhere"), false)).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("nowhere") + ": dataset folder not found (expected train.csv, test.csv,"
                        + " AudioWAV/ and Image-01-FPS/)");
    }
}
