package redreg.tasks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.Batch;
import redreg.api.ConfigException;
import redreg.api.TaskContext;
import redreg.tasks.KineticsSoundsConfig;
import redreg.tasks.internal.io.Npy;
import redreg.tasks.internal.io.NpyWriter;

class KineticsSoundsTaskTest {
    @TempDir
    Path dir;

    private static KineticsSoundsConfig config(String path, boolean skip) {
        KineticsSoundsConfig d = KineticsSoundsConfig.defaults();
        return new KineticsSoundsConfig(path, d.modalities(), d.trainList(), d.testList(), d.trainAudio(),
                d.testAudio(), d.trainFrames(), d.testFrames(), 3, List.of(32, 16), 12, skip, false);
    }

    private KineticsSoundsTask load(Path root, boolean skip) {
        return new KineticsSoundsTask(config(root.toString(), skip), new TaskContext(1, dir, dir));
    }

    private Path copy() throws Exception {
        Path root = dir.resolve("ks");
        NpyFolderTaskTest.copyTree(Fixtures.of("kinetics-sounds"), root);
        return root;
    }

    @Test
    void loadsTheFixture() {
        KineticsSoundsTask t = new KineticsSoundsTask(config("kinetics-sounds", false),
                new TaskContext(1, Fixtures.root(), dir));
        assertThat(t.modalities()).extracting(Object::toString).containsExactly("audio[1, 32, 16]", "visual[9, 12, 12]");
        assertThat(t.train().labels()).containsExactly(0, 2, 1);
        assertThat(t.test().labels()).containsExactly(1, 0);
        Batch b = t.train().batch(new int[] {1}, false, null);
        float[] spec = Npy.read(Fixtures.of("kinetics-sounds/train_spec/def_000002_000012.npy")).floats();
        assertThat(b.inputs().get("audio").getFloat(new long[] {0, 0, 3, 5})).isEqualTo(spec[3 * 16 + 5]);
        // evaluation picks frames 1, 4 and 7 of 9; the fixture's red channel is 25·t
        for (int k = 0; k < 3; k++) {
            int frame = 1 + 3 * k;
            assertThat(b.inputs().get("visual").getDouble(0, 3 * k, 6, 6))
                    .isCloseTo((25 * frame / 255.0 - 0.485) / 0.229, within(0.03));
        }
        Batch train = t.train().batch(new int[] {0, 2}, true, new Random(3));
        assertThat(train.inputs().get("visual").shape()).containsExactly(2, 9, 12, 12);
    }

    @Test
    void referenceSegmentSampling() {
        assertThat(KineticsSoundsTask.sampleFrames(9, false, null)).containsExactly(0, 3, 6);
        assertThat(KineticsSoundsTask.sampleFrames(5, false, null)).containsExactly(0, 0, 0);
        Random r = new Random(1);
        for (int i = 0; i < 50; i++) {
            int[] p = KineticsSoundsTask.sampleFrames(10, true, r);
            assertThat(p[0]).isBetween(0, 2);
            assertThat(p[1]).isBetween(3, 5);
            assertThat(p[2]).isBetween(6, 8);
        }
    }

    @Test
    void badSpectrogramsAndLabels() throws Exception {
        Path root = copy();
        Path spec = root.resolve("train_spec/abc_000001_000011.npy");
        NpyWriter.write(spec, new float[10 * 16], 10, 16);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(spec + ": expected a fbank spectrogram of shape [32, 16], got shape [10, 16]");
        NpyWriter.write(spec, new int[32 * 16], 32, 16);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(spec + ": expected a fbank spectrogram with dtype kind float, got dtype <i4");
        NpyWriter.write(spec, new float[32 * 16], 32, 16);
        byte[] b = Files.readAllBytes(spec);
        Files.write(spec, Arrays.copyOf(b, b.length - 4));
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(spec + ": truncated .npy data (shape [32, 16] of <f4 needs 2048 bytes");
        assertThat(load(root, true).train().size()).isEqualTo(2);
        Files.copy(Fixtures.of("kinetics-sounds/train_spec/abc_000001_000011.npy"), spec,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path list = root.resolve("ks_test.txt");
        Files.writeString(list, "jkl_000004_000014 x 7\nmno_000005_000015 y 0\n");
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith(list + " line 1: label 7 is outside the class list (expected 0..2)");
        Files.writeString(list, "");
        assertThatThrownBy(() -> load(root, true)).isInstanceOf(ConfigException.class)
                .hasMessage(list + ": empty split (no usable clips; expected 'name ... label' lines with their"
                        + " spectrogram and frames)");
    }
}
