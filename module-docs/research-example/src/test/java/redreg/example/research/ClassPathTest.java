package redreg.example.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study run with a plain {@code java -cp}: every jar (redreg's, its plug-ins', DL4J's) on the class path, no
 * module path, no {@code --add-reads}. The plug-ins are then found through their {@code META-INF/services} files.
 */
class ClassPathTest {
    @TempDir
    Path dir;

    @Test
    void theStudyRunsWithEverythingOnTheClassPath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            for (String e : value.split(File.pathSeparator)) {
                if (!e.isBlank() && !entries.contains(e)) {
                    entries.add(e);
                }
            }
        }
        assertThat(entries).anyMatch(e -> e.contains("redreg.tasks")).anyMatch(e -> e.contains("nd4j"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("out.txt");
        Process p = new ProcessBuilder(java.toString(), "-Xss4m", "-cp", String.join(File.pathSeparator, entries),
                BalanceStudy.class.getName(), dir.resolve("runs").toString(), "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("finished in time").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        // the synthetic task, the concat fusion and three regulators were all found
        assertThat(out).contains("joint", "ogm-ge alpha 0.5", "redreg (paper, no warm-up)");
        assertThat(out.lines().filter(l -> l.contains(" -> "))).hasSize(3)
                .allSatisfy(l -> assertThat(Path.of(l.substring(l.indexOf(" -> ") + 4)).resolve("result.json")).exists());
    }
}
