package redreg.example.gradnorm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import redreg.api.ConfigException;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.Registry;
import redreg.testkit.Training;
import redreg.testkit.TrainingKit;

/**
 * The example plug-in as a user would run it: found by ServiceLoader beside the built-ins, the shipped
 * {@code gradnorm.yaml} loaded through the experiment facade, and short trainings on the built-in {@code synthetic}
 * task through redreg.testkit's {@link TrainingKit} (which runs the same facade). The rule itself, on given
 * gradients, is {@link GradNormTest}'s.
 */
class GradNormIntegrationTest {
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
        assertThatThrownBy(() -> TrainingKit.regulator("gradnorm").option("modalities", "[audio, speech]").train())
                .isInstanceOf(ConfigException.class)
                .hasMessage("override 'regulator.modalities=[audio, speech]': regulator.modalities: unknown modality"
                        + " 'speech'; valid modalities: audio, visual");
    }

    /** Through redreg.testkit's training harness: the synthetic task, 2 epochs of 8 steps, double precision. */
    @Test
    void theRegulatorRescalesTheGradientsTheOptimizerApplies() {
        Training joint = TrainingKit.regulator("joint").train();
        Training half = TrainingKit.regulator("gradnorm").train();
        Training full = TrainingKit.regulator("gradnorm").option("strength", 1.0).option("maxScale", 1000).train();

        assertThat(joint.columns()).noneMatch(c -> c.startsWith("gradnorm."));
        assertThat(half.columns()).contains("gradnorm.before.audio", "gradnorm.before.visual", "gradnorm.target",
                "gradnorm.scale.audio", "gradnorm.scale.visual");
        assertThat(half.steps()).hasSize(2 * 8);

        // Step 0 starts from the same weights and batch: "before" is what joint training applies.
        for (String m : List.of("audio", "visual")) {
            assertThat(half.column("gradnorm.before." + m)[0]).isCloseTo(joint.column("gradNorm." + m)[0], within(1e-9));
        }
        double[] beforeA = half.column("gradnorm.before.audio");
        double[] beforeV = half.column("gradnorm.before.visual");
        double[] appliedA = half.column("gradNorm.audio");
        double[] appliedV = half.column("gradNorm.visual");
        double[] scaleA = half.column("gradnorm.scale.audio");
        double[] target = full.column("gradnorm.target");
        for (int i = 0; i < beforeA.length; i++) {
            // The engine measures gradNorm.m after regulate(): the gradient was really scaled in place.
            assertThat(appliedA[i]).isCloseTo(beforeA[i] * scaleA[i], within(1e-9 * beforeA[i]));
            // strength 0.5 halves the log-ratio of the norms; strength 1 makes them equal (the mean norm).
            assertThat(Math.log(appliedA[i] / appliedV[i])).isCloseTo(0.5 * Math.log(beforeA[i] / beforeV[i]),
                    within(1e-9));
            assertThat(full.column("gradNorm.audio")[i]).isCloseTo(target[i], within(1e-9 * target[i]));
            assertThat(full.column("gradNorm.visual")[i]).isCloseTo(target[i], within(1e-9 * target[i]));
        }
        // Over the run the applied norms are closer together than under joint training, and it did act.
        double spreadJoint = meanAbsLogRatio(joint);
        double spreadHalf = meanAbsLogRatio(half);
        System.out.printf("mean |log(|g_audio| / |g_visual|)|: joint %.4f, gradnorm 0.5 %.4f%n", spreadJoint, spreadHalf);
        assertThat(spreadJoint).as("the modalities' gradient norms differ under joint").isGreaterThan(0.1);
        assertThat(spreadHalf).isLessThan(0.75 * spreadJoint);
        assertThat(Arrays.stream(half.column("gradnorm.scale.visual")).anyMatch(s -> Math.abs(s - 1) > 0.05))
                .as("some step rescaled the weak modality by more than 5%").isTrue();
    }

    private static double meanAbsLogRatio(Training t) {
        double[] a = t.column("gradNorm.audio");
        double[] v = t.column("gradNorm.visual");
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(Math.log(a[i] / v[i]));
        }
        return s / a.length;
    }
}
