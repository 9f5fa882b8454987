package redreg.tasks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redreg.api.ConfigException;
import redreg.api.InMemorySplit;
import redreg.api.Objective;
import redreg.api.TaskContext;
import redreg.tasks.CmuMosiConfig;
import redreg.tasks.internal.io.Npy;

class CmuMosiTaskTest {
    @TempDir
    Path dir;

    private CmuMosiTask load(String file, String test) {
        return load(file, test, CmuMosiConfig.Target.BINARY);
    }

    private CmuMosiTask load(String file, String test, CmuMosiConfig.Target target) {
        return new CmuMosiTask(new CmuMosiConfig(file, List.of("text", "audio", "vision"), "train", test, false, false,
                target), new TaskContext(1, Fixtures.root(), dir));
    }

    /** The fixture's scores: np.linspace(-3, 3, n) in float32 (make_fixtures.py). */
    @Test
    void sevenClassLabelsAreTheRoundedClippedScore() {
        CmuMosiTask t = load("cmu-mosi/mosi_data.pkl", "test", CmuMosiConfig.Target.SEVEN_CLASS);
        assertThat(t.objective()).isEqualTo(Objective.classification());
        assertThat(t.classes()).containsExactly("-3", "-2", "-1", "0", "1", "2", "3");
        // train -3, -1.8, -0.6, 0.6, 1.8, 3 round to -3, -2, -1, 1, 2, 3: classes 0, 1, 2, 4, 5, 6
        assertThat(t.train().labels()).containsExactly(0, 1, 2, 4, 5, 6);
        assertThat(t.test().labels()).containsExactly(0, 2, 4, 6);
    }

    @Test
    void regressionKeepsTheScoreAsTarget() {
        CmuMosiTask t = load("cmu-mosi/mosi_data.pkl", "test", CmuMosiConfig.Target.REGRESSION);
        assertThat(t.objective()).isEqualTo(Objective.sentimentRegression());
        assertThat(t.classes()).isEmpty();
        double[] train = ((InMemorySplit) t.train()).targets();
        assertThat(train).containsExactly(new double[] {-3, -1.8, -0.6, 0.6, 1.8, 3}, within(1e-6));
        var b = t.test().batch(new int[] {3, 0}, false, null);
        assertThat(b.targets()).containsExactly(3.0, -3.0);
        assertThat(b.labels()).containsExactly(0, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmu-mosi/mosi_data.pkl", "cmu-mosi/mosi_data_p2.pkl"})
    void readsThePickleBinarisesLabelsAndCleansInfinities(String file) {
        CmuMosiTask t = load(file, "test");
        assertThat(t.classes()).containsExactly("negative", "positive");
        assertThat(t.modalities()).extracting(Object::toString).containsExactly("text[5, 6]", "audio[5, 3]", "vision[5, 4]");
        long[] train = Npy.read(Fixtures.of("cmu-mosi/expected_train_labels.npy")).longs();
        assertThat(Arrays.stream(t.train().labels()).asLongStream().toArray()).containsExactly(train);
        float[] audio = Npy.read(Fixtures.of("cmu-mosi/expected_test_audio.npy")).floats();
        float[] got = ((InMemorySplit) t.test()).features("audio").dup().data().asFloat();
        assertThat(got).containsExactly(audio);
        assertThat(load(file, "valid").test().size()).isEqualTo(2);
    }

    @Test
    void badPickles() throws Exception {
        Path good = Fixtures.of("cmu-mosi/mosi_data.pkl");
        Path cut = dir.resolve("cut.pkl");
        byte[] b = Files.readAllBytes(good);
        Files.write(cut, Arrays.copyOf(b, b.length / 3));
        assertThatThrownBy(() -> load(cut.toString(), "test")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(cut + ": corrupt or unsupported pickle (").hasMessageNotContaining("\n");
        Path text = Files.writeString(dir.resolve("text.pkl"), "hello");
        assertThatThrownBy(() -> load(text.toString(), "test")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(text + ": corrupt or unsupported pickle (");
        assertThatThrownBy(() -> load(dir.resolve("none.pkl").toString(), "test")).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("none.pkl") + ": file not found (expected a Python pickle)");
        assertThatThrownBy(() -> load("cmu-mosi/mosi_data.pkl", "dev")).isInstanceOf(ConfigException.class)
                .hasMessage(good + ": no split 'dev' (expected a dict under one of [test, train, valid])");
    }

    @Test
    void wrongShapeNonFiniteAndEmptySplit() {
        Path f = Fixtures.of("cmu-mosi/mosi_bad_shape.pkl");
        assertThatThrownBy(() -> load("cmu-mosi/mosi_bad_shape.pkl", "test")).isInstanceOf(ConfigException.class)
                .hasMessage(f + " [train]['audio']: expected [N, T, D] with N = 6 (as in labels), got shape [6, 15]");
        Path nan = Fixtures.of("cmu-mosi/mosi_nan.pkl");
        assertThatThrownBy(() -> load("cmu-mosi/mosi_nan.pkl", "test")).isInstanceOf(ConfigException.class)
                .hasMessage(nan + " [train]['vision']: sample 2 holds NaN (expected finite values)");
        CmuMosiTask skipped = new CmuMosiTask(new CmuMosiConfig("cmu-mosi/mosi_nan.pkl",
                List.of("text", "audio", "vision"), "train", "test", true, false, null),
                new TaskContext(1, Fixtures.root(), dir));
        assertThat(skipped.train().size()).isEqualTo(5);
        assertThat(skipped.reports()).containsExactly("cmu-mosi: skipped 1 bad sample of 6 in the train split"
                + " (skipBadSamples: true); first: " + nan + " [train]['vision']: sample 2 holds NaN (expected finite values)");
        Path empty = Fixtures.of("cmu-mosi/mosi_empty.pkl");
        assertThatThrownBy(() -> load("cmu-mosi/mosi_empty.pkl", "test")).isInstanceOf(ConfigException.class)
                .hasMessage(empty + " [test]['labels']: empty split (0 samples; expected at least one)");
    }
}
