package redreg.regulators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import redreg.api.ConfigException;
import redreg.testkit.Training;
import redreg.testkit.TrainingKit;

/** redreg.testkit's training harness, driven with the built-in regulators (the kit cannot depend on them). */
class TrainingKitTest {

    @Test
    void ogmWithZeroAlphaTrainsBitForBitLikeJointAndWithAlphaSlowsTheDominantModality() {
        Training joint = TrainingKit.regulator("joint").train();
        Training identity = TrainingKit.regulator("ogm-ge").option("alpha", 0.0).option("ge", false).train();
        Training ogm = TrainingKit.regulator("ogm-ge").option("alpha", 0.8).option("ge", false).train();

        assertThat(joint.steps()).hasSize(2 * 8);
        assertThat(joint.epochs()).hasSize(2);
        assertThat(joint.columns()).contains("gradNorm.audio", "gradNorm.visual").noneMatch(c -> c.startsWith("ogm."));
        assertThat(identity.losses()).containsExactly(joint.losses());
        assertThat(identity.column("ogm.coef.audio")).containsOnly(1.0);

        // Only the modality ahead is slowed at a step; audio (signal 4) is ahead of visual (signal 2) for most of it.
        double[] audio = ogm.column("ogm.coef.audio");
        double[] visual = ogm.column("ogm.coef.visual");
        for (int t = 0; t < audio.length; t++) {
            assertThat(Math.max(audio[t], visual[t])).as("step %d", t).isEqualTo(1.0);
        }
        assertThat(Arrays.stream(audio).filter(k -> k < 0.99).count()).isGreaterThan(8);
        assertThat(ogm.losses()).isNotEqualTo(joint.losses());
    }

    @Test
    void badOptionsFailWhenTheExperimentIsComposed() {
        assertThatThrownBy(() -> TrainingKit.regulator("ogm-ge").option("alpah", 0.1).experiment())
                .isInstanceOf(ConfigException.class).hasMessageContaining("regulator.alpah: unknown key");
        assertThatThrownBy(() -> TrainingKit.regulator("joint").train().column("nothing"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no step recorded 'nothing'");
    }
}
