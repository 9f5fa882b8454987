package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.ConfigException;
import redreg.api.experiment.RunResult;

/** Greedy with its MMTM fusion from YAML through the engine: it trains, re-balances, repeats, and refuses misuse. */
class GreedyTrainingTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final String[] GREEDY = {"fusion.name=mmtm", "regulator={name: greedy, startingEpoch: 1, window: 2}",
        "training.epochs=3", "model.encoder.depth=2"};

    @TempDir
    Path dir;

    private RunResult run(String sub, String... overrides) {
        return TinyExperiments.tiny(dir.resolve(sub), overrides).run(QUIET);
    }

    @Test
    void trainsReBalancesAndRepeats() throws Exception {
        RunResult a = run("a", GREEDY);
        RunResult b = run("b", GREEDY);
        assertThat(a.diverged()).isNull();
        assertThat(a.finalMetrics()).isEqualTo(b.finalMetrics());
        assertThat(Double.isFinite(a.accuracy())).isTrue();
        List<String> rows = Files.readAllLines(a.diagnosticsCsv());
        int column = Arrays.asList(rows.get(0).split(",")).indexOf("greedy.caring");
        assertThat(column).as("greedy.caring column in " + rows.get(0)).isGreaterThanOrEqualTo(0);
        // Epoch 0 (4 steps) is locked; afterwards at least one re-balancing window starts.
        List<Double> caring = rows.subList(1, rows.size()).stream().map(r -> Double.parseDouble(r.split(",")[column])).toList();
        assertThat(caring.subList(0, 4)).containsOnly(-1.0);
        assertThat(caring.subList(4, caring.size())).anyMatch(c -> c >= 0);
    }

    @Test
    void refusesOtherFusionsAndMoreModalities() {
        assertThatThrownBy(() -> run("c", "regulator=greedy"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs fusion mmtm");
        assertThatThrownBy(() -> run("d", "fusion.name=mmtm", "regulator=greedy", "task.modalities=[{name: audio,"
                + " shape: [1, 8, 8], signal: 4.0}, {name: visual, shape: [6], signal: 1.5}, {name: text, shape: [4], signal: 1.0}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("regulator greedy: defined for exactly 2 modalities (its BDR compares two branches), got 3:"
                        + " audio, visual, text");
    }
}
