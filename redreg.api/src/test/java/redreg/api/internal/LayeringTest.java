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
 * ← engine and binder ← experiment facade, with no import circle between its packages.
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

    @Test
    void layersImportDownwardOnly() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph.get("redreg.api")).as("the SPI depends on no other package of the module")
                .allMatch(p -> p.equals("redreg.api.nn"));
        assertThat(graph.get("redreg.api.config")).allMatch(p -> p.equals("redreg.api"));
        assertThat(graph.get("redreg.api.internal.engine")).as("the engine never imports the facade or the binder")
                .doesNotContain("redreg.api.experiment", "redreg.api.internal.config");
    }
}
