package redreg.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redreg.bench.internal.Relaunch;

/** Small table specs over {@link TinyExperiments#TINY}, and ways to run {@code redreg table} on them. */
final class TableSpecs {
    private TableSpecs() {
    }

    /** {@code rows} × {@code seeds} of the tiny synthetic task; rows are Joint, then joint with other lrs. */
    static Path write(Path dir, int rows, int seeds, int epochs, String extra) throws IOException {
        Files.writeString(dir.resolve("base.yaml"), TinyExperiments.TINY);
        StringBuilder sb = new StringBuilder("""
                name: t
                base: base.yaml
                overrides: [training.epochs=%d, training.diagnostics=false]
                seeds: %s
                baseline: Joint
                output: %s
                rows:
                  - {label: Joint, set: {regulator.name: joint}}
                """.formatted(epochs, seedList(seeds), dir.resolve("out")));
        for (int r = 1; r < rows; r++) {
            sb.append("  - {label: Joint lr").append(r).append(", set: {optimizer.lr: ").append(0.05 + 0.01 * r)
                    .append("}}\n");
        }
        Path spec = dir.resolve("table.yaml");
        Files.writeString(spec, sb + extra);
        return spec;
    }

    private static String seedList(int n) {
        List<String> s = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            s.add(String.valueOf(i));
        }
        return "[" + String.join(", ", s) + "]";
    }

    /** {@code redreg table …} in this JVM. */
    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code redreg <args>} as its own JVM (the same java command a table's children use); output to {@code log}. */
    static Process start(List<String> command, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static Process start(Path log, String... args) throws IOException {
        return start(Relaunch.command(), log, args);
    }

    static int await(Process p, Path log) throws Exception {
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("redreg did not finish in 300 s; output:\n" + Files.readString(log));
        }
        return p.exitValue();
    }
}
