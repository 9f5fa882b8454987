package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.EpochMetrics;
import redreg.api.TrainingListener;
import redreg.api.experiment.Experiment;
import redreg.api.internal.engine.checkpoint.CrashPoints;

/**
 * Resume inside a run, in this JVM: a run that dies (an Error thrown where the process would die: nothing after the
 * failure point runs) at several points and is started again ends with the same result.json, metrics.csv and
 * diagnostics.csv as an uninterrupted run, byte for byte but for the wall-clock fields ({@code seconds},
 * {@code msPerStep}). {@link KilledRunTest} does the same with child JVMs that are really killed.
 */
class ResumeTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final int EPOCHS = 4;
    @TempDir
    Path dir;

    /** Thrown where the process would have died; nothing catches it on the way out. */
    static final class Killed extends Error {
        Killed(String where) {
            super("killed " + where);
        }
    }

    @AfterEach
    void noFaults() {
        CrashPoints.clear();
    }

    static String[] config(String regulator) {
        List<String> o = new ArrayList<>(List.of("training.epochs=" + EPOCHS, "training.checkpointEvery=1",
                "model.dtype=float", "losses.unimodal=true"));
        switch (regulator) {
            case "joint" -> o.add("regulator=joint");
            case "redreg" -> o.addAll(List.of("regulator={name: redreg, warmupEpochs: 1, variant: reference-code}",
                    "model.encoder.featureSize=5"));
            case "inforeg" -> o.add("regulator={name: inforeg, traceWindow: 1}");
            case "greedy" -> o.addAll(List.of("fusion.name=mmtm", "regulator={name: greedy, startingEpoch: 1, window: 2}",
                    "model.encoder.depth=2"));
            case "relearning" -> o.addAll(List.of("regulator={name: relearning, reinitEpoch: 1}", "training.validation=0.25",
                    "training.select=best-val", "output.saveModel=both"));
            default -> throw new IllegalArgumentException(regulator);
        }
        return o.toArray(new String[0]);
    }

    private Experiment experiment(String sub, String regulator) {
        return TinyExperiments.tiny(dir.resolve(sub), config(regulator));
    }

    /** Dies after {@code step} steps of {@code epoch}. */
    private static TrainingListener dieAt(int epoch, int step) {
        return new TrainingListener() {
            private int seen;

            @Override
            public void onStep(Step s) {
                if (s.epoch() == epoch && ++seen == step) {
                    throw new Killed("inside epoch " + epoch);
                }
            }

            @Override
            public void onEpochEnd(EpochMetrics e) {
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"joint", "redreg", "inforeg", "greedy", "relearning"})
    void aRunKilledAndStartedAgainEndsAsAnUninterruptedRun(String regulator) throws Exception {
        Experiment reference = experiment("reference", regulator);
        Path expected = reference.runDir();
        reference.run(QUIET);
        assertThat(expected.resolve("checkpoint.npz")).as("a finished run keeps no checkpoint").doesNotExist();

        // 1. killed inside epoch 2 (after its 2nd step): continues from the checkpoint after epoch 1
        Experiment e = experiment("inside", regulator);
        assertThatThrownBy(() -> e.runIn(e.runDir(), QUIET, List.of(dieAt(2, 2)))).isInstanceOf(Killed.class);
        assertThat(e.runDir().resolve("checkpoint.npz")).exists();
        assertThat(e.runDir().resolve("result.json")).doesNotExist();
        assertThat(rerunFirstEpoch(e)).as("resumed after epoch 1").isEqualTo(2);
        SameRun.assertSameRun(e.runDir(), expected);

        // 2. killed right after the checkpoint of epoch 2 was written
        Experiment after = experiment("after", regulator);
        CrashPoints.set(point -> {
            if (point.equals("checkpoint written 2")) {
                throw new Killed(point);
            }
        });
        assertThatThrownBy(() -> after.run(QUIET)).isInstanceOf(Killed.class);
        CrashPoints.clear();
        assertThat(rerunFirstEpoch(after)).as("resumed after epoch 2").isEqualTo(3);
        SameRun.assertSameRun(after.runDir(), expected);

        // 3. killed while the checkpoint of epoch 2 is being written: the one of epoch 1 is used; the dead write's
        //    temporary file (which a real kill leaves behind) is ignored and removed
        Experiment during = experiment("during", regulator);
        CrashPoints.set(point -> {
            if (point.equals("checkpoint writing 2")) {
                throw new Killed(point);
            }
        });
        assertThatThrownBy(() -> during.run(QUIET)).isInstanceOf(Killed.class);
        CrashPoints.clear();
        Path stray = during.runDir().resolve(".checkpoint.npz.0123456789abcdef.tmp");
        Files.write(stray, new byte[] {80, 75, 3, 4, 1, 2});
        assertThat(rerunFirstEpoch(during)).as("resumed after epoch 1").isEqualTo(2);
        assertThat(stray).doesNotExist();
        assertThat(Files.readString(during.runDir().resolve("run.log"))).contains("resuming after epoch 1");
        SameRun.assertSameRun(during.runDir(), expected);
    }

    @org.junit.jupiter.api.Test
    void aRegulatorWithoutStateHooksKeepsNoCheckpointAndSaysSo() {
        Experiment e = experiment("plain", "joint");
        redreg.api.Regulator noHooks = step -> { };
        var run = new redreg.api.internal.engine.loop.TrainingRun(e.runSpec(List.of()).withRegulators(List.of(noHooks)));
        var files = new redreg.api.internal.engine.runfiles.RunFiles(dir.resolve("plain-run"));
        List<String> log = new ArrayList<>();
        run.keep(new redreg.api.internal.engine.checkpoint.RunKeeper(files.dir(),
                new redreg.api.internal.engine.runfiles.RunFilesListener(files), e.config().training(), "final",
                new ObjectMapper().createObjectNode(), log::add));
        run.run();
        assertThat(files.dir().resolve("checkpoint.npz")).doesNotExist();
        assertThat(files.dir().resolve("model.npz")).exists();
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).contains("cannot save its state").contains("a crash restarts the run");
    }

    /** Runs the experiment again; returns the first epoch it trained. */
    private static int rerunFirstEpoch(Experiment e) {
        int[] first = {-1};
        e.runIn(e.runDir(), QUIET, List.of(new TrainingListener() {
            @Override
            public void onStep(Step s) {
                if (first[0] < 0) {
                    first[0] = s.epoch();
                }
            }
        }));
        return first[0];
    }
}
