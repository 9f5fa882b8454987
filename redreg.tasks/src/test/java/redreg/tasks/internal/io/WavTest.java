package redreg.tasks.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.ConfigException;
import redreg.tasks.internal.Fixtures;

class WavTest {
    @TempDir
    Path dir;

    @Test
    void stereo24BitIsAveragedToMono() {
        Wav.Audio a = Wav.read(Fixtures.of("audio/stereo24.wav"));
        assertThat(a.sampleRate()).isEqualTo(11025);
        assertThat(a.channels()).isEqualTo(2);
        float[] e = Npy.read(Fixtures.of("audio/stereo24_mono.npy")).floats();
        assertThat(a.samples()).hasSize(e.length);
        for (int i = 0; i < e.length; i++) {
            assertThat(a.samples()[i]).isCloseTo(e[i], within(1e-6f));
        }
    }

    @Test
    void float32Wav() {
        Wav.Audio a = Wav.read(Fixtures.of("audio/float32.wav"));
        assertThat(a.sampleRate()).isEqualTo(22050);
        assertThat(a.samples()).hasSize(50);
        assertThat(a.samples()[25]).isCloseTo(0.05f, within(1e-7f));
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> Wav.read(dir.resolve("nope.wav")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("nope.wav") + ": file not found (expected a RIFF/WAVE audio file)");
    }

    @Test
    void notAWav() throws Exception {
        Path f = Files.write(dir.resolve("x.wav"), "hello, this is text".getBytes());
        assertThatThrownBy(() -> Wav.read(f)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": not a RIFF/WAVE file (expected 'RIFF'…'WAVE' at the start)");
    }

    @Test
    void truncatedWav() throws Exception {
        byte[] good = Files.readAllBytes(Fixtures.of("audio/tone8k.wav"));
        Path f = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(good, 1000));
        assertThatThrownBy(() -> Wav.read(f)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ": truncated WAVE file (the 'data' chunk declares 12800 bytes, the file has")
                .hasMessageNotContaining("\n");
    }

    @Test
    void noDataChunk() throws Exception {
        byte[] good = Files.readAllBytes(Fixtures.of("audio/tone8k.wav"));
        Path f = Files.write(dir.resolve("hdr.wav"), Arrays.copyOf(good, 36));
        assertThatThrownBy(() -> Wav.read(f)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": corrupt WAVE file (no 'data' chunk)");
    }
}
