package redreg.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of redreg.api, read from its sources (imports and fully qualified names alike): SPI ← config records
 * ← engine and binder ← experiment facade, with no import circle between its packages; inside the engine, no
 * circle between its classes either (a class and the classes nested in it count as one).
 */
class LayeringTest {
    private static final Pattern REF = Pattern.compile("\\b(redreg\\.api(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

    static Map<String, Set<String>> packageGraph() throws IOException {
        Path root = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java");
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                String text = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REF.matcher(text);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }

    @Test
    void noImportCircleBetweenPackages() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph).containsKeys("redreg.api", "redreg.api.config", "redreg.api.internal.engine",
                "redreg.api.experiment");
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycle(graph, start, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    private static void findCycle(Map<String, Set<String>> g, String start, String at, List<String> path, List<String> out) {
        for (String next : g.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                out.add(String.join(" -> ", path) + " -> " + start);
            } else if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                findCycle(g, start, next, path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    private static final Path ENGINE = Path.of("redreg/api/internal/engine");
    private static final Pattern ENGINE_REF = Pattern.compile("\\bredreg\\.api\\.internal\\.engine((?:\\.[a-z][a-z0-9]*)*)\\.([A-Z]\\w*)");

    /** Engine class (package.Name of its file) → the engine classes its code names: imported, qualified or same package. */
    static Map<String, Set<String>> engineClassGraph() throws IOException {
        Path root = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java");
        Map<String, String> code = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root.resolve(ENGINE))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                String name = f.getFileName().toString().replace(".java", "");
                code.put(pkg + "." + name, Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "")
                        .replaceAll("//[^\\n]*", "").replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\""));
            }
        }
        Map<String, Set<String>> graph = new TreeMap<>();
        for (var e : code.entrySet()) {
            String self = e.getKey();
            String pkg = self.substring(0, self.lastIndexOf('.'));
            Set<String> deps = graph.computeIfAbsent(self, k -> new TreeSet<>());
            Matcher m = ENGINE_REF.matcher(e.getValue());
            while (m.find()) {
                deps.add("redreg.api.internal.engine" + m.group(1) + "." + m.group(2));
            }
            for (String other : code.keySet()) {
                String simple = other.substring(other.lastIndexOf('.') + 1);
                if (other.startsWith(pkg + ".") && other.lastIndexOf('.') == pkg.length()
                        && Pattern.compile("\\b" + simple + "\\b").matcher(e.getValue()).find()) {
                    deps.add(other);
                }
            }
            deps.remove(self);
            deps.retainAll(code.keySet());
        }
        return graph;
    }

    @Test
    void noEngineClassImportsOneThatImportsItBack() throws IOException {
        Map<String, Set<String>> graph = engineClassGraph();
        assertThat(graph).as("the engine's classes were found").hasSizeGreaterThan(20);
        assertThat(graph.get("redreg.api.internal.engine.loop.TrainingRun")).as("the scan sees imports")
                .contains("redreg.api.internal.engine.step.TrainingStep", "redreg.api.internal.engine.loop.Fork");
        List<String> mutual = new ArrayList<>();
        graph.forEach((a, deps) -> deps.stream().filter(b -> a.compareTo(b) < 0 && graph.get(b).contains(a))
                .forEach(b -> mutual.add(a + " <-> " + b)));
        assertThat(mutual).as("mutual imports between engine classes").isEmpty();
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycle(graph, start, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).as("import circles between engine classes").isEmpty();
    }

    @Test
    void layersImportDownwardOnly() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph.get("redreg.api")).as("the SPI depends on no other package of the module")
                .allMatch(p -> p.equals("redreg.api.nn") || p.equals("redreg.api.stability"));
        assertThat(graph.get("redreg.api.config")).allMatch(p -> p.equals("redreg.api") || p.equals("redreg.api.stability"));
        assertThat(graph.get("redreg.api.stability")).as("the stability marks depend on nothing").isEmpty();
        List<String> engine = graph.keySet().stream().filter(p -> p.startsWith("redreg.api.internal.engine")).toList();
        assertThat(engine).as("the engine's packages").contains("redreg.api.internal.engine",
                "redreg.api.internal.engine.loop", "redreg.api.internal.engine.model", "redreg.api.internal.engine.step",
                "redreg.api.internal.engine.runfiles");
        for (String p : engine) {
            assertThat(graph.get(p)).as(p + " never imports the facade or the binder")
                    .doesNotContain("redreg.api.experiment", "redreg.api.internal.config");
        }
        // loop → step → model → (root: seeds, memory, permutations); the run files import no other engine package
        assertThat(graph.get("redreg.api.internal.engine")).noneMatch(p -> p.startsWith("redreg.api.internal.engine."));
        assertThat(graph.get("redreg.api.internal.engine.model")).doesNotContain("redreg.api.internal.engine.step",
                "redreg.api.internal.engine.loop", "redreg.api.internal.engine.runfiles");
        assertThat(graph.get("redreg.api.internal.engine.step")).doesNotContain("redreg.api.internal.engine.loop",
                "redreg.api.internal.engine.runfiles");
        assertThat(graph.get("redreg.api.internal.engine.runfiles")).noneMatch(p -> p.startsWith("redreg.api.internal.engine"));
    }
}
