package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.bench.internal.Relaunch;

/**
 * Issue 18: bad environment variables, each rejected by {@code redreg run} with exit code 2 and exactly one line
 * naming the variable, its value and what was expected; nothing is trained and nothing is written. Each case runs
 * the command line in a JVM of its own, since the environment of this one cannot be changed (and ND4J, which reads
 * {@code OMP_NUM_THREADS} when it loads, is loaded here already).
 */
class BadEnvironmentTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome run(Map<String, String> env) throws IOException, InterruptedException {
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, BadInputTest.BASE);
        List<String> cmd = new ArrayList<>(Relaunch.command());
        cmd.addAll(List.of("run", exp.toString(), "output.dir=" + dir.resolve("runs")));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redreg run did not finish in 180 s");
        }
        return new Outcome(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private void assertRejected(Outcome o, String line) {
        assertThat(o.err()).isEqualTo("error: " + line + System.lineSeparator());
        assertThat(o.code()).isEqualTo(2);
        assertThat(dir.resolve("runs")).as("nothing written").doesNotExist();
    }

    @Test
    void aThreadCountThatIsNotAPositiveNumber() throws Exception {
        // ND4J would end in a NumberFormatException stack trace and exit 1 when it loads
        for (String bad : List.of("abc", "0", "-2", "")) {
            assertRejected(run(Map.of("OMP_NUM_THREADS", bad)), "OMP_NUM_THREADS=" + bad + ": expected a whole number of"
                    + " ND4J threads, at least 1 (e.g. OMP_NUM_THREADS=1), or leave it unset");
        }
    }

    @Test
    void aCacheFolderThatIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("cache.txt"), "not a folder\n");
        assertRejected(run(Map.of("REDREG_CACHE", file.toString())), "REDREG_CACHE=" + file + ": expected a folder for"
                + " the decoded-feature caches, got a file (point it at a folder, or unset it for ~/.cache/redreg)");
        assertThat(Files.readString(file)).isEqualTo("not a folder\n");
    }
}
