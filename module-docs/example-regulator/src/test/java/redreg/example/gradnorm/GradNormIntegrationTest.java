package redreg.example.gradnorm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.ConfigException;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.Registry;
import redreg.api.experiment.RunResult;

/**
 * The example plug-in as a user would run it: the shipped {@code gradnorm.yaml} loaded through the experiment
 * facade, with the built-in {@code synthetic} task and {@code concat} fusion found beside it by ServiceLoader.
 */
class GradNormIntegrationTest {
    /** gradnorm.yaml made small: 8 steps per epoch, narrow encoders, double precision for exact checks. */
    private static final String[] SMALL = {
        "task.trainSize=256", "task.testSize=128", "model.encoder.width=16", "model.dtype=double",
        "training.epochs=2", "training.batchSize=32", "output.progress=false"};
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    private RunResult run(String... overrides) {
        List<String> all = new ArrayList<>(Arrays.asList(SMALL));
        all.add("output.dir=" + dir);
        all.addAll(Arrays.asList(overrides));
        return Experiment.load(Path.of("gradnorm.yaml"), all).run(QUIET);
    }

    @Test
    void foundByServiceLoaderAsANamedModuleBesideTheBuiltIns() {
        Registry registry = Registry.discover();
        var gradnorm = registry.regulator("gradnorm", "test");
        assertThat(gradnorm.getClass().getModule().getName()).isEqualTo("redreg.example.gradnorm");
        assertThat(gradnorm.configType()).isEqualTo(GradNormConfig.class);
        // Surefire put the test-scoped built-ins on the module path (named modules), so their module-info
        // `provides` are seen; from the class path they would be invisible (they have no META-INF/services).
        assertThat(registry.task("synthetic", "test").getClass().getModule().getName()).isEqualTo("redreg.tasks");
        assertThat(registry.fusion("concat", "test").getClass().getModule().getName()).isEqualTo("redreg.fusion");
        // The implementation stays internal: only the config record's package is exported.
        Module module = gradnorm.getClass().getModule();
        assertThat(module.isExported("redreg.example.gradnorm")).isTrue();
        assertThat(module.isExported(gradnorm.getClass().getPackageName())).isFalse();
    }

    @Test
    void theShippedYamlBindsOntoTheConfigRecord() {
        Experiment e = Experiment.load(Path.of("gradnorm.yaml"), "regulator.strength=0.25");
        assertThat(e.regulatorConfig()).isEqualTo(new GradNormConfig(0.25, List.of(), 10.0));
        assertThat(e.config().name()).isEqualTo("gradnorm");
        assertThat(e.resolvedConfig().get("regulator").toString())
                .isEqualTo("{\"name\":\"gradnorm\",\"strength\":0.25,\"modalities\":[],\"maxScale\":10.0}");
    }

    @Test
    void badOptionsFailWithOneLineNamingTheKey() {
        assertThatThrownBy(() -> Experiment.load(Path.of("gradnorm.yaml"), "regulator.strength=1.5"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("override 'regulator.strength=1.5': regulator.strength: expected a number in [0, 1], got 1.5");
        assertThatThrownBy(() -> Experiment.load(Path.of("gradnorm.yaml"), "regulator.alpha=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("regulator.alpha: unknown key; valid keys: strength, modalities, maxScale");
        assertThatThrownBy(() -> run("regulator.modalities=[audio, speech]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("regulator.modalities: unknown modality 'speech'; valid modalities: audio, visual");
    }

    @Test
    void theRegulatorRescalesTheGradientsTheOptimizerApplies() throws IOException {
        Csv joint = Csv.read(run("regulator=joint").diagnosticsCsv());
        Csv half = Csv.read(run().diagnosticsCsv());
        Csv full = Csv.read(run("regulator.strength=1.0", "regulator.maxScale=1000").diagnosticsCsv());

        assertThat(joint.columns).noneMatch(c -> c.startsWith("gradnorm."));
        assertThat(half.columns).contains("gradnorm.before.audio", "gradnorm.before.visual", "gradnorm.target",
                "gradnorm.scale.audio", "gradnorm.scale.visual");
        assertThat(half.rows()).isEqualTo(2 * 8);

        // Step 0 starts from the same weights and batch: "before" is what joint training applies.
        for (String m : List.of("audio", "visual")) {
            assertThat(half.get("gradnorm.before." + m, 0)).isCloseTo(joint.get("gradNorm." + m, 0), within(1e-9));
        }
        for (int i = 0; i < half.rows(); i++) {
            double beforeA = half.get("gradnorm.before.audio", i);
            double beforeV = half.get("gradnorm.before.visual", i);
            // The engine measures gradNorm.m after regulate(): the gradient was really scaled in place.
            assertThat(half.get("gradNorm.audio", i)).isCloseTo(beforeA * half.get("gradnorm.scale.audio", i),
                    within(1e-9 * beforeA));
            // strength 0.5 halves the log-ratio of the norms; strength 1 makes them equal (the mean norm).
            double logBefore = Math.log(beforeA / beforeV);
            double logAfter = Math.log(half.get("gradNorm.audio", i) / half.get("gradNorm.visual", i));
            assertThat(logAfter).isCloseTo(0.5 * logBefore, within(1e-9));
            double target = full.get("gradnorm.target", i);
            assertThat(full.get("gradNorm.audio", i)).isCloseTo(target, within(1e-9 * target));
            assertThat(full.get("gradNorm.visual", i)).isCloseTo(target, within(1e-9 * target));
        }
        // Over the run the applied norms are closer together than under joint training, and it did act.
        double spreadJoint = joint.meanAbsLogRatio("gradNorm.audio", "gradNorm.visual");
        double spreadHalf = half.meanAbsLogRatio("gradNorm.audio", "gradNorm.visual");
        System.out.printf("mean |log(|g_audio| / |g_visual|)|: joint %.4f, gradnorm 0.5 %.4f%n", spreadJoint, spreadHalf);
        assertThat(spreadJoint).as("the modalities' gradient norms differ under joint").isGreaterThan(0.1);
        assertThat(spreadHalf).isLessThan(0.75 * spreadJoint);
        assertThat(Arrays.stream(half.column("gradnorm.scale.visual")).anyMatch(s -> Math.abs(s - 1) > 0.05))
                .as("some step rescaled the weak modality by more than 5%").isTrue();
    }

    /** diagnostics.csv: a header of column names, then one row of numbers (or empty cells) per step. */
    private record Csv(List<String> columns, List<String[]> cells) {
        static Csv read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file);
            List<String[]> cells = new ArrayList<>();
            lines.subList(1, lines.size()).forEach(l -> cells.add(l.split(",", -1)));
            return new Csv(List.of(lines.get(0).split(",", -1)), cells);
        }

        int rows() {
            return cells.size();
        }

        double get(String column, int row) {
            int i = columns.indexOf(column);
            assertThat(i).as("column " + column).isNotNegative();
            return Double.parseDouble(cells.get(row)[i]);
        }

        double[] column(String column) {
            double[] v = new double[rows()];
            for (int r = 0; r < v.length; r++) {
                v[r] = get(column, r);
            }
            return v;
        }

        double meanAbsLogRatio(String a, String b) {
            double s = 0;
            for (int r = 0; r < rows(); r++) {
                s += Math.abs(Math.log(get(a, r) / get(b, r)));
            }
            return s / rows();
        }
    }
}
