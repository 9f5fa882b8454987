package redreg.tasks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redreg.api.Batch;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.ConfigException;
import redreg.api.InMemorySplit;
import redreg.api.TaskContext;
import redreg.tasks.NpyFolderConfig;
import redreg.tasks.internal.io.Npy;
import redreg.tasks.internal.io.NpyWriter;

class NpyFolderTaskTest {
    @TempDir
    Path dir;

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private Path copy() throws IOException {
        Path root = dir.resolve("ds");
        copyTree(Fixtures.of("npy-folder"), root);
        return root;
    }

    private NpyFolderTask load(Path root, boolean skip) {
        return new NpyFolderTask(new NpyFolderConfig(root.toString(), "train", "test", skip, null, false),
                new TaskContext(1, dir, dir.resolve("cache")));
    }

    @Test
    void loadsTheFixture() {
        NpyFolderTask t = new NpyFolderTask(new NpyFolderConfig("npy-folder", "train", "test", false, null, false),
                new TaskContext(1, Fixtures.root(), dir));
        assertThat(t.classes()).containsExactly("cat", "dog", "bird");
        assertThat(t.modalities()).extracting(Object::toString)
                .containsExactly("spectrogram[1, 8, 6]", "tokens[5, 4]", "tabular[7]");
        assertThat(t.train().size()).isEqualTo(6);
        assertThat(t.test().size()).isEqualTo(3);
        assertThat(t.train().labels()).containsExactly(0, 1, 2, 0, 1, 2);
        // tabular holds the label in every column (written so by make_fixtures.py)
        assertThat(((InMemorySplit) t.test()).features("tabular").getDouble(2, 6)).isEqualTo(2.0);
        float[] spec = Npy.read(Fixtures.of("npy-folder/train/spectrogram.npy")).floats();
        assertThat(((InMemorySplit) t.train()).features("spectrogram").getFloat(new long[] {1, 0, 2, 3}))
                .isEqualTo(spec[48 + 2 * 6 + 3]);
        assertThat(t.reports()).isEmpty();
    }

    @Test
    void missingDatasetYaml() throws IOException {
        Path root = copy();
        Files.delete(root.resolve("dataset.yaml"));
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(root.resolve("dataset.yaml") + ": file not found (expected dataset.yaml with classes and modalities)");
    }

    @Test
    void missingModalityFile() throws IOException {
        Path root = copy();
        Files.delete(root.resolve("test/tokens.npy"));
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(root.resolve("test/tokens.npy") + ": file not found (expected a NumPy .npy array)");
    }

    @Test
    void wrongSampleCountShapeAndDtype() throws IOException {
        Path root = copy();
        Path f = root.resolve("train/tabular.npy");
        NpyWriter.write(f, new float[5 * 7], 5, 7);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": expected 6 samples (as in labels.npy), got shape [5, 7]");
        NpyWriter.write(f, new float[6 * 8], 6, 8);
        Path g = root.resolve("test/tabular.npy");
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(g + ": expected samples of shape [8] (as in the training split), got [7]");
        NpyWriter.write(f, new int[6 * 7], 6, 7);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": expected float32 features [N, ...], got dtype <i4");
        NpyWriter.write(f, new float[6 * 2 * 2 * 2 * 2], 6, 2, 2, 2, 2);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": expected features of shape [N, D], [N, T, D] or [N, C, H, W], got shape [6, 2, 2, 2, 2]");
        Path l = root.resolve("train/labels.npy");
        NpyWriter.write(l, new float[6], 6);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(l + ": expected integer class indices [N], got dtype <f4 (for real-valued targets set"
                        + " target: regression in dataset.yaml)");
    }

    /** dataset.yaml's {@code target: regression}: float labels.npy are the targets; no classes. */
    private Path regressionCopy() throws IOException {
        Path root = copy();
        Files.writeString(root.resolve("dataset.yaml"), "target: regression\nmodalities: [spectrogram, tokens, tabular]\n");
        NpyWriter.write(root.resolve("train/labels.npy"), new float[] {0.5f, -1.25f, 2f, 0f, 3.5f, -0.75f}, 6);
        NpyWriter.write(root.resolve("test/labels.npy"), new float[] {1f, 2f, -3f}, 3);
        return root;
    }

    @Test
    void regressionTargetsAreTheFloatLabels() throws IOException {
        NpyFolderTask t = load(regressionCopy(), false);
        assertThat(t.objective()).isEqualTo(redreg.api.Objective.regression());
        assertThat(t.classes()).isEmpty();
        assertThat(((InMemorySplit) t.train()).targets()).containsExactly(0.5, -1.25, 2, 0, 3.5, -0.75);
        assertThat(t.test().batch(new int[] {2, 0}, false, null).targets()).containsExactly(-3.0, 1.0);
    }

    @Test
    void regressionTargetsMustBeFloatsAndFinite() throws IOException {
        Path root = regressionCopy();
        Path l = root.resolve("train/labels.npy");
        NpyWriter.write(l, new long[] {0, 1, 2, 0, 1, 2}, 6);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(l + ": expected float targets [N] (dataset.yaml says target: regression), got dtype <i8");
        NpyWriter.write(l, new float[] {0, 1, Float.NaN, 0, 1, 2}, 6);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(l + ": target NaN of sample 2 is not finite");
        assertThat(load(root, true).train().size()).isEqualTo(5);
        Path yaml = root.resolve("dataset.yaml");
        Files.writeString(yaml, "target: regression\nclasses: [a, b]\nmodalities: [tabular]\n");
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(yaml + ": classes: a regression target has no classes (remove the key, or set target:"
                        + " classification)");
        Files.writeString(yaml, "target: regresion\nmodalities: [tabular]\n");
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(yaml + ": target: unknown value 'regresion'; valid values: classification, regression");
    }

    @Test
    void corruptNpy() throws IOException {
        Path root = copy();
        Path f = root.resolve("train/spectrogram.npy");
        byte[] good = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(good, 200));
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ": truncated .npy data (shape [6, 1, 8, 6] of <f4 needs 1152 bytes");
    }

    @Test
    void labelOutsideTheClassListFailsOrIsSkipped() throws IOException {
        Path root = copy();
        Path l = root.resolve("train/labels.npy");
        NpyWriter.write(l, new long[] {0, 1, 2, 3, 1, -1}, 6);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(l + ": label 3 of sample 3 is outside the class list (expected 0..2)");
        NpyFolderTask t = load(root, true);
        assertThat(t.train().size()).isEqualTo(4);
        assertThat(t.train().labels()).containsExactly(0, 1, 2, 1);
        assertThat(t.reports()).containsExactly("npy-folder: skipped 2 bad samples of 6 in the train split"
                + " (skipBadSamples: true); first: " + l + ": label 3 of sample 3 is outside the class list (expected 0..2)");
    }

    @Test
    void nonFiniteValuesFailOrAreSkipped() throws IOException {
        Path root = copy();
        Path f = root.resolve("test/tabular.npy");
        float[] v = Npy.read(f).floats();
        v[7 + 3] = Float.NaN;
        NpyWriter.write(f, v, 3, 7);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": sample 1 holds a non-finite value (NaN; expected finite floats)");
        assertThat(load(root, true).test().size()).isEqualTo(2);
    }

    @Test
    void emptySplit() throws IOException {
        Path root = copy();
        Path l = root.resolve("test/labels.npy");
        NpyWriter.write(l, new long[0], 0);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(l + ": empty split (0 samples; expected at least one)");
    }

    @Test
    void missingSplitFolderAndBadYaml() throws IOException {
        Path root = copy();
        assertThatThrownBy(() -> new NpyFolderTask(new NpyFolderConfig(root.toString(), "train", "valid", false, null, false),
                new TaskContext(1, dir, dir))).isInstanceOf(ConfigException.class)
                .hasMessage(root.resolve("valid") + ": split folder not found (expected labels.npy and spectrogram.npy,"
                        + " tokens.npy, tabular.npy)");
        Files.writeString(root.resolve("dataset.yaml"), "classes: [a]\nmodalities: [x]\n");
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(root.resolve("dataset.yaml") + ": classes: expected a list of at least 2 class names");
        assertThatThrownBy(() -> new NpyFolderTask(NpyFolderConfig.defaults(), new TaskContext(1, dir, dir)))
                .hasMessage("path: expected the dataset folder (holding dataset.yaml)");
    }

    static Stream<Arguments> badDatasetYaml() {
        return Stream.of(
                Arguments.of("classes: [a, a]\nmodalities: [tabular]", ": classes[1]: the class 'a' is listed twice"),
                Arguments.of("classes: [a, '', b]\nmodalities: [tabular]", ": classes[1]: expected a class name, got \"\""),
                Arguments.of("classes: [a, b]\nmodalities: [{name: tabular, shape: [7]}]",
                        ": modalities[0].shape: unknown key; valid keys: name"),
                Arguments.of("classes: [a, b]\nclasses: [c, d]\nmodalities: [tabular]",
                        ": line 2: classes: the key is given twice (each key may appear once in a mapping)"),
                Arguments.of("classes: [a, b]\nmodalities: [tabular, tabular]", ": modalities[1]: 'tabular' is listed twice"),
                Arguments.of("classes: [a, b]\nmodalities: [tabular]\nsplits: [train]",
                        ": unknown key 'splits'; valid keys: classes, modalities, target"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDatasetYaml")
    void datasetYamlIsCheckedStrictly(String yaml, String expected) throws IOException {
        // issue 15: nothing in dataset.yaml is silently ignored or overwritten
        Path root = copy();
        Files.writeString(root.resolve("dataset.yaml"), yaml);
        assertThatThrownBy(() -> load(root, false)).isInstanceOf(ConfigException.class)
                .hasMessage(root.resolve("dataset.yaml") + expected);
    }

    @Test
    void aSubsetOfTheModalitiesIsLoadedInTheGivenOrderAndTheOthersAreNotRead() throws IOException {
        Path root = copy();
        Files.delete(root.resolve("train/spectrogram.npy"));
        NpyFolderTask t = new NpyFolderTask(new NpyFolderConfig(root.toString(), "train", "test", false,
                List.of("tabular", "tokens"), false), new TaskContext(1, dir, dir.resolve("cache")));
        assertThat(t.modalities()).extracting(ModalitySpec::name).containsExactly("tabular", "tokens");
        assertThat(t.train().batch(new int[] {0, 1}, true, new Random(1)).inputs()).containsOnlyKeys("tabular", "tokens");
        assertThatThrownBy(() -> new NpyFolderTask(new NpyFolderConfig(root.toString(), "train", "test", false,
                List.of("video"), false), new TaskContext(1, dir, dir))).isInstanceOf(ConfigException.class)
                .hasMessage("modalities: unknown modality 'video'; valid: spectrogram, tokens, tabular");
    }

    @Test
    void standardizeUsesTheTrainingSplitsMeanAndStdForBothSplits() {
        Task t = new NpyFolderTask.Provider().create(new NpyFolderConfig("npy-folder", "train", "test", false,
                List.of("tabular"), true), new TaskContext(1, Fixtures.root(), dir));
        // independent computation: plain double loops over the raw .npy floats
        float[] train = Npy.read(Fixtures.of("npy-folder/train/tabular.npy")).floats();
        double mean = 0;
        for (float v : train) {
            mean += v;
        }
        mean /= train.length;
        double var = 0;
        for (float v : train) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / train.length);
        assertThat(mean).as("the fixture is not already standardised").isGreaterThan(0.5);
        float[] test = Npy.read(Fixtures.of("npy-folder/test/tabular.npy")).floats();
        Batch b = t.test().batch(new int[] {0, 1, 2}, false, new Random(1));
        double[] got = b.inputs().get("tabular").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        assertThat(got).hasSize(test.length);
        for (int i = 0; i < test.length; i++) {
            assertThat(got[i]).as("element %d", i).isCloseTo((test[i] - mean) / std, org.assertj.core.api.Assertions.within(1e-5));
        }
        Batch all = t.train().batch(new int[] {0, 1, 2, 3, 4, 5}, false, new Random(1));
        assertThat(all.inputs().get("tabular").meanNumber().doubleValue()).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-5));
        double[] z = all.inputs().get("tabular").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        assertThat(java.util.Arrays.stream(z).map(v -> v * v).average().orElseThrow()).as("population variance")
                .isCloseTo(1, org.assertj.core.api.Assertions.within(1e-5));
    }
}
