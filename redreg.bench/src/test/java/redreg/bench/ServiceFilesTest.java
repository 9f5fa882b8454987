package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code provides} of every module of the repository has its {@code META-INF/services} twin, so the
 * plug-ins are found on the class path as well as on the module path (where only {@code provides} counts).
 */
class ServiceFilesTest {
    private static final Pattern PROVIDES = Pattern.compile("provides\\s+([\\w.]+)\\s+with\\s+([^;]+);");

    @Test
    void everyProvidesIsListedInMetaInfServices() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> descriptors;
        try (Stream<Path> s = Files.walk(root, 6)) {
            descriptors = s.filter(p -> p.endsWith(Path.of("src", "main", "java", "module-info.java")))
                    .filter(p -> !p.toString().contains("/target/")).toList();
        }
        assertThat(descriptors).hasSizeGreaterThanOrEqualTo(7);
        int checked = 0;
        for (Path descriptor : descriptors) {
            Path java = descriptor.getParent();
            String source = Files.readString(descriptor).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
            Matcher m = PROVIDES.matcher(source);
            while (m.find()) {
                List<String> expected = new ArrayList<>();
                for (String impl : m.group(2).split(",")) {
                    expected.add(binaryName(java, impl.trim()));
                }
                Path services = java.resolveSibling("resources").resolve("META-INF/services/" + m.group(1));
                assertThat(services).as(descriptor + " provides " + m.group(1)).exists();
                List<String> listed = Files.readAllLines(services).stream().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                assertThat(listed).as(services.toString()).containsExactlyElementsOf(expected);
                checked++;
            }
        }
        // regulators, fusions, tasks, the CLI's progress bar and the example plug-in
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }

    /** {@code a.b.Outer.Inner} is {@code a.b.Outer$Inner} when {@code Outer.java} is the source file. */
    private static String binaryName(Path java, String name) {
        String[] parts = name.split("\\.");
        for (int i = parts.length; i > 0; i--) {
            Path file = java.resolve(String.join("/", List.of(parts).subList(0, i)) + ".java");
            if (Files.isRegularFile(file)) {
                return String.join(".", List.of(parts).subList(0, i))
                        + (i < parts.length ? "$" + String.join("$", List.of(parts).subList(i, parts.length)) : "");
            }
        }
        throw new AssertionError("no source file for provider " + name + " under " + java);
    }
}
