package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/**
 * av-digits shows the imbalance the regulators fix, on a reduced run: audio alone beats the image alone clearly, and
 * under joint training the image head stays below what the image reaches alone.
 */
class AvDigitsImbalanceTest {
    @TempDir
    Path dir;

    private static final String BASE = """
            name: avd
            seed: 42
            task: {name: av-digits, trainSize: 1200, testSize: 500}
            fusion: concat
            regulator: joint
            model:
              encoder: {kind: auto, width: 8, depth: 3, featureSize: 32}
            losses: {unimodal: false}
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
            training: {epochs: 6, batchSize: 64, diagnostics: false}
            output: {progress: false}
            """;

    private RunResult run(String name, String... overrides) {
        String[] all = new String[overrides.length + 1];
        all[0] = "output.dir=" + dir.resolve(name).toAbsolutePath();
        System.arraycopy(overrides, 0, all, 1, overrides.length);
        return Experiment.fromYaml(BASE, dir, all).run(new PrintStream(OutputStream.nullOutputStream()));
    }

    @Test
    void audioDominatesAndJointTrainingStarvesTheImage() {
        String audioMlp = "model.encoders={audio: {kind: mlp, width: 64, depth: 1}}";
        RunResult audio = run("a", "task.modalities=[audio]", audioMlp);
        RunResult visual = run("v", "task.modalities=[visual]");
        RunResult joint = run("j", "task.modalities=[audio,visual]", audioMlp);
        double a = audio.accuracy();
        double v = visual.accuracy();
        double jv = joint.modalityAccuracy("visual");
        System.out.printf("av-digits (reduced): audio alone %.3f, visual alone %.3f, joint %.3f (audio head %.3f,"
                + " visual head %.3f)%n", a, v, joint.accuracy(), joint.modalityAccuracy("audio"), jv);
        assertThat(a).as("audio alone").isGreaterThan(v + 0.10);
        assertThat(v).as("visual alone is well above chance").isGreaterThan(0.25);
        assertThat(jv).as("visual head under joint training").isLessThan(v - 0.05);
        assertThat(joint.accuracy()).as("joint fused").isGreaterThan(v);
    }
}
