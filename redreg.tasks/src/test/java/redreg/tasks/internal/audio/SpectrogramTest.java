package redreg.tasks.internal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import redreg.tasks.internal.Fixtures;
import redreg.tasks.internal.io.Npy;
import redreg.tasks.internal.io.Wav;

/** The audio path against values computed independently by make_fixtures.py (numpy/scipy). */
class SpectrogramTest {

    @Test
    void resampleMatchesScipyResamplePoly() {
        Wav.Audio a = Wav.read(Fixtures.of("audio/tone16k.wav"));
        float[] y = Resample.rate(a.samples(), 16000, 22050);
        float[] expected = Npy.read(Fixtures.of("audio/tone16k_22050.npy")).floats();
        assertThat(y).hasSize(expected.length);
        for (int i = 0; i < y.length; i++) {
            assertThat(y[i]).as("sample %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void reflectPaddedStftMatchesNumpy() {
        Wav.Audio a = Wav.read(Fixtures.of("audio/tone16k.wav"));
        double[][] mag = Spectrogram.magnitude(a.samples(), 256, 100, Spectrogram.Pad.REFLECT);
        Npy.Array e = Npy.read(Fixtures.of("audio/tone16k_stft_reflect.npy"));
        assertThat(new long[] {mag.length, mag[0].length}).containsExactly(e.shape());
        float[] v = e.floats();
        for (int f = 0; f < mag.length; f++) {
            for (int t = 0; t < mag[0].length; t++) {
                assertThat(mag[f][t]).isCloseTo(v[f * mag[0].length + t], within(1e-4));
            }
        }
    }

    @Test
    void logMelMatchesNumpyLibrosaConventions() {
        Wav.Audio a = Wav.read(Fixtures.of("audio/tone8k.wav"));
        assertThat(a.sampleRate()).isEqualTo(8000);
        double[][] mel = Spectrogram.logMel(a.samples(), 8000, 256, 128, 32, 1e-6);
        Npy.Array e = Npy.read(Fixtures.of("audio/tone8k_logmel.npy"));
        assertThat(e.shape()).containsExactly(32, 51);
        assertThat(mel.length).isEqualTo(32);
        assertThat(mel[0].length).isEqualTo(51);
        float[] v = e.floats();
        for (int m = 0; m < 32; m++) {
            for (int t = 0; t < 51; t++) {
                assertThat(mel[m][t]).as("mel %d frame %d", m, t).isCloseTo(v[m * 51 + t], within(1e-4));
            }
        }
        // a known value: the band holding the 300 Hz tone, mid-clip
        assertThat(mel[4][25]).isCloseTo(v[4 * 51 + 25], within(1e-4));
    }

    @Test
    void filterbankHasUnitSlaneyAreaShape() {
        double[][] fb = Spectrogram.melFilterbank(8000, 256, 32);
        assertThat(fb).hasNumberOfRows(32);
        assertThat(fb[0]).hasSize(129);
        for (double[] band : fb) {
            assertThat(java.util.Arrays.stream(band).max().orElseThrow()).isPositive();
        }
    }
}
