package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15: table specs that used to run something else than written (a default row, a seed twice) or crash
 * later in the report (duplicate labels) are rejected up front by {@code redreg table}: one line, exit code 2,
 * nothing written.
 */
class BadTableTest {
    static final String HEAD = "base: base.yaml\nseeds: [1, 2]\n";
    static final String ROWS = "rows:\n  - {label: Joint, set: {regulator.name: joint}}\n";

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("# only a comment\n", ": the file holds no keys (expected a table spec: name, base, seeds,"
                        + " rows; see module-docs/tables.md)"),
                Arguments.of("name: t\n" + HEAD, ": rows: expected at least one row, e.g. rows: [{label: Joint, set:"
                        + " {regulator.name: joint}}]"),
                Arguments.of("name: t\n" + HEAD + "rows: []\n", ": rows: expected at least one row, e.g. rows: [{label:"
                        + " Joint, set: {regulator.name: joint}}]"),
                Arguments.of("name: t\nbase: base.yaml\nseeds: [1, 1]\n" + ROWS, ": seeds: a seed is listed twice in"
                        + " [1, 1] (each run would be counted twice)"),
                Arguments.of("name: t\n" + HEAD + ROWS + "  - {label: Joint, set: {regulator.name: redreg}}\n",
                        ": rows: the label 'Joint' is used twice (rows[0] and rows[1])"),
                Arguments.of("name: t\n" + HEAD + ROWS + "columns:\n  - {label: C, set: {fusion.name: concat}}\n"
                        + "  - {label: C, set: {fusion.name: sum}}\n", ": columns: the label 'C' is used twice"
                        + " (columns[0] and columns[1])"),
                Arguments.of("name: ../escape\n" + HEAD + ROWS, ": name: expected a plain file name (letters, digits,"
                        + " '.', '_' and '-', starting with a letter or digit, at most 100 characters), got '../escape'"),
                Arguments.of("name: t\n" + HEAD + ROWS + "parallel: 0\n", ": parallel: expected an integer at least 1,"
                        + " got 0"),
                Arguments.of("name: t\n" + HEAD + ROWS + "output: ''\n", ": output: expected a folder, got an empty"
                        + " string (use . for the working directory)"),
                Arguments.of("name: t\nname: u\n" + HEAD + ROWS, ": line 2: name: the key is given twice (each key may"
                        + " appear once in a mapping)"),
                Arguments.of("name: t\n" + HEAD + "rows:\n  - {label: Joint, set: {optimizer.lr: -1}}\n",
                        ": row 'Joint', column '-': override 'optimizer.lr=-1': optimizer.lr: expected a number at"
                                + " least 0, got -1.0"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("cases")
    void rejectedWithOneLineAndExitCode2(String spec, String expected) throws Exception {
        Files.writeString(dir.resolve("base.yaml"), TinyExperiments.TINY);
        Path file = dir.resolve("table.yaml");
        boolean keep = spec.contains("output:") || spec.startsWith("#");
        Files.writeString(file, spec + (keep ? "" : "output: " + dir.resolve("out") + "\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"table", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: " + file + expected + System.lineSeparator());
        assertThat(code).isEqualTo(2);
        assertThat(dir.resolve("out")).as("nothing written").doesNotExist();
    }
}
