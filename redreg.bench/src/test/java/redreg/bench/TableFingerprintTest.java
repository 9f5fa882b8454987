package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.internal.engine.runfiles.CodeFingerprint;
import redreg.bench.internal.Relaunch;

/** The code fingerprint in result.json: a changed plug-in jar makes its runs stale; --reuse-stale keeps them. */
class TableFingerprintTest {
    @TempDir
    Path dir;

    /** The regulators module's classes as a jar, written with the given entry time and optional extra entry. */
    private static void jar(Path classes, Path jar, long time, String extra) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                JarEntry e = new JarEntry(classes.relativize(f).toString().replace('\\', '/'));
                e.setLastModifiedTime(FileTime.fromMillis(time));
                out.putNextEntry(e);
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            if (extra != null) {
                out.putNextEntry(new JarEntry("redreg/regulators/changed.txt"));
                out.write(extra.getBytes());
                out.closeEntry();
            }
        }
    }

    @Test
    void theHashCoversContentNotTimestampsAndAJarHashesLikeItsFolder() throws Exception {
        Path classes = regulatorsLocation();
        Path a = dir.resolve("a.jar");
        Path b = dir.resolve("b.jar");
        Path c = dir.resolve("c.jar");
        jar(classes, a, 1_000_000L, null);
        jar(classes, b, 2_000_000_000L, null);
        jar(classes, c, 1_000_000L, "one more line");
        assertThat(CodeFingerprint.hash(a)).isEqualTo(CodeFingerprint.hash(b)).hasSize(16);
        assertThat(CodeFingerprint.hash(c)).isNotEqualTo(CodeFingerprint.hash(a));
        if (Files.isDirectory(classes)) {
            assertThat(CodeFingerprint.hash(classes)).isEqualTo(CodeFingerprint.hash(a));
        }
    }

    @Test
    void aChangedPluginJarMakesItsRunsStaleAndReuseStaleKeepsThem() throws Exception {
        Path spec = TableSpecs.write(dir, 1, 2, 1, "");
        Path plugin = dir.resolve("plugins/redreg.regulators.jar");
        Files.createDirectories(plugin.getParent());
        Path classes = regulatorsLocation();
        jar(classes, plugin, 1_000_000L, null);
        List<String> command = withModule(Relaunch.command(), classes, plugin);

        String first = table(command, spec);
        assertThat(first).contains("2 runs (2 unique), 0 finished, 2 missing, 2 to run");
        String result = Files.readString(Files.walk(dir.resolve("out/runs")).filter(p -> p.endsWith("result.json"))
                .findFirst().orElseThrow());
        assertThat(result).contains("\"fingerprint\"").contains("\"redreg.regulators\" : \"" + CodeFingerprint.hash(plugin) + "\"")
                .contains("\"redreg.api\"").contains("\"redreg.tasks\"").contains("\"redreg.fusion\"");
        assertThat(table(command, spec)).contains("2 finished, 0 to run");

        jar(classes, plugin, 1_000_000L, "a changed plug-in");
        String reused = table(command, spec, "--reuse-stale");
        assertThat(reused).contains("0 finished, 2 stale, 0 to run")
                .contains("2 stale run(s): their code changed since (redreg.regulators); reused as they are")
                .doesNotContain("done: ");
        assertThat(Files.readString(dir.resolve("out/report.md"))).contains("## Reused stale results")
                .contains("Joint | - | seed 1: made by other code (redreg.regulators)");
        assertThat(Files.readString(dir.resolve("out/report.html")))
                .contains("<details><summary>2 result(s) made by other code, reused (--reuse-stale)</summary>");

        String rerun = table(command, spec);
        assertThat(rerun).contains("0 finished, 2 stale, 2 to run").contains("running them again");
        assertThat(rerun.lines().filter(l -> l.startsWith("  done: "))).hasSize(2);
        assertThat(Files.readString(dir.resolve("out/report.md"))).doesNotContain("Reused stale");
        assertThat(table(command, spec)).contains("2 finished, 0 to run");
    }

    private String table(List<String> command, Path spec, String... more) throws Exception {
        Path log = Files.createTempFile(dir, "table", ".log");
        List<String> args = new ArrayList<>(List.of("table", spec.toString()));
        args.addAll(Arrays.asList(more));
        Process p = TableSpecs.start(command, log, args.toArray(String[]::new));
        int code = TableSpecs.await(p, log);
        String out = Files.readString(log);
        assertThat(code).as(out).isZero();
        return out;
    }

    /** Where this JVM loads redreg.regulators from (its classes folder in the reactor build). */
    private static Path regulatorsLocation() {
        return Path.of(ModuleLayer.boot().findModule("redreg.regulators").orElseThrow().getLayer().configuration()
                .findModule("redreg.regulators").orElseThrow().reference().location().orElseThrow());
    }

    /** The relaunch command with {@code from} replaced by {@code to} on the module path. */
    private static List<String> withModule(List<String> command, Path from, Path to) {
        List<String> out = new ArrayList<>(command);
        int at = out.indexOf("--module-path") + 1;
        String sep = java.io.File.pathSeparator;
        List<String> entries = new ArrayList<>(Arrays.asList(out.get(at).split(sep)));
        entries.removeIf(e -> !e.isEmpty() && Path.of(e).toAbsolutePath().normalize().equals(from.toAbsolutePath().normalize()));
        entries.add(0, to.toString());
        assertThat(ModuleFinder.of(to).findAll()).extracting(ModuleReference::descriptor)
                .extracting(d -> d.name()).containsExactly("redreg.regulators");
        out.set(at, String.join(sep, entries));
        return out;
    }
}
