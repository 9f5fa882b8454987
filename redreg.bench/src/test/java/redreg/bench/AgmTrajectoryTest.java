package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.RunResult;

/**
 * AGM over a real training run, replayed step by step with the official code's own two-modality formulas
 * (lihong2303/AGM_ICCV2023 run/CREMAD_main.py, written out here independently of {@code Agm}): from the scores the
 * run logged, ratio_a = exp(s_v − s_a), optimal_ratio_a = exp(S̄_v − S̄_a), coeff_a = exp(α·min(optimal − ratio, 10)),
 * S̄ updated after the coefficient with n = the 1-based global iteration from S̄ = 0, and before the window the
 * scales stay 1. Any change of sign, clamp, window or running-mean start shows up as a coefficient that differs.
 * The task is the do-no-harm one: audio carries no signal.
 */
class AgmTrajectoryTest {
    private static final String YAML = """
            name: agm-trajectory
            task:
              name: synthetic
              trainSize: 256
              testSize: 64
              modalities:
                - {name: audio, shape: [16], signal: 0.0}
                - {name: visual, shape: [16], signal: 2.5}
            fusion: concat
            regulator: agm
            model:
              encoder: {kind: auto, width: 16, depth: 1, featureSize: 16}
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
            training: {epochs: 3, batchSize: 32, diagnostics: true, probeEvery: 0}
            output: {progress: false}
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "startEpoch {0}")
    @ValueSource(ints = {0, 1})
    void coefficientsFollowTheOfficialFormulasOverARun(int startEpoch) throws IOException {
        double alpha = 1.5;
        RunResult r = Experiment.fromYaml(YAML, dir, "output.dir=" + dir, "regulator.startEpoch=" + startEpoch,
                "regulator.keepAfterWindow=false").run(new PrintStream(OutputStream.nullOutputStream()));
        List<String> lines = Files.readAllLines(r.diagnosticsCsv());
        List<String> head = Arrays.asList(lines.get(0).split(","));
        int epoch = head.indexOf("epoch");
        int sa = head.indexOf("agm.score.audio");
        int sv = head.indexOf("agm.score.visual");
        int ca = head.indexOf("agm.coef.audio");
        int cv = head.indexOf("agm.coef.visual");
        double runA = 0;
        double runV = 0;
        double coeffA = 1;
        double coeffV = 1;
        int steps = lines.size() - 1;
        assertThat(steps).isEqualTo(3 * 8);
        for (int it = 1; it <= steps; it++) {
            String[] f = lines.get(it).split(",", -1);
            double scoreA = Double.parseDouble(f[sa]);
            double scoreV = Double.parseDouble(f[sv]);
            if (Integer.parseInt(f[epoch]) >= startEpoch) {
                coeffA = Math.exp(alpha * Math.min(Math.exp(runV - runA) - Math.exp(scoreV - scoreA), 10));
                coeffV = Math.exp(alpha * Math.min(Math.exp(runA - runV) - Math.exp(scoreA - scoreV), 10));
            }
            runA = runA * (it - 1) / it + scoreA / it;
            runV = runV * (it - 1) / it + scoreV / it;
            String where = "step " + (it - 1);
            assertThat(Double.parseDouble(f[ca])).as(where + " coeff_a").isCloseTo(coeffA, within(1e-12 * coeffA));
            assertThat(Double.parseDouble(f[cv])).as(where + " coeff_v").isCloseTo(coeffV, within(1e-12 * coeffV));
        }
        assertThat(coeffA).as("the run moved the coefficients").isNotEqualTo(1.0);
    }
}
