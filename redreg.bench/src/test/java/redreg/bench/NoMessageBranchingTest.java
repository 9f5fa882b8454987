package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: no main source decides anything by reading an exception's message text. A {@code ConfigException}
 * carries its key path, problem and source apart ({@code path()}, {@code problem()}, {@code source()}); code reads
 * those. Printing a message, or putting it into another one, is fine.
 */
class NoMessageBranchingTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A message tested by a string method, matched, compared or switched on. */
    private static final Pattern BRANCH = Pattern.compile(
            "getMessage\\(\\)(\\s*\\.\\s*\\w+\\(\\))*\\s*\\.\\s*(contains|startsWith|endsWith|equals|equalsIgnoreCase"
                    + "|matches|indexOf|lastIndexOf|regionMatches|compareTo)\\s*\\("
                    + "|\\.\\s*(matcher|equals|contains|startsWith)\\s*\\([^;{]*getMessage\\(\\)"
                    + "|switch\\s*\\([^;{]*getMessage\\(\\)");
    /** The places allowed (file and the matched code), each with its reason. */
    private static final Map<String, String> ALLOWED = Map.of(
            "redreg.bench/src/main/java/redreg/bench/internal/cli/Errors.java: matcher(t.getMessage()",
            "the JVM's IllegalAccessError carries the module it is about in its text only",
            "redreg.bench/src/main/java/redreg/bench/internal/cli/Errors.java: equals(t.getMessage()",
            "whether an UncheckedIOException was given a message of its own (not the cause's text), not what it says");

    @Test
    void noMainSourceBranchesOnMessageText() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> all = Files.walk(ROOT)) {
            sources = all.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/") && !p.toString().contains("/.git/")).toList();
        }
        assertThat(sources).as("main sources found").hasSizeGreaterThan(100);
        for (Path f : sources) {
            String text = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
            var m = BRANCH.matcher(text.replaceAll("\\s*\\n\\s*", " "));
            while (m.find()) {
                String where = ROOT.relativize(f) + ": " + m.group().replaceAll("^\\.\\s*", "");
                if (!ALLOWED.containsKey(where)) {
                    found.add(where);
                }
            }
        }
        assertThat(found).as("code that branches on getMessage() text").isEmpty();
    }

    @Test
    void theScanSeesABranchOnAMessage() {
        assertThat(BRANCH.matcher("if (e.getMessage().contains(\"truncated .npy data\")) {").find()).isTrue();
        assertThat(BRANCH.matcher("if (e.getMessage().strip().startsWith(\"x\"))").find()).isTrue();
        assertThat(BRANCH.matcher("Matcher m = P.matcher(t.getMessage());").find()).isTrue();
        assertThat(BRANCH.matcher("if (\"x\".equals(e.getMessage()))").find()).isTrue();
        assertThat(BRANCH.matcher("err.println(\"error: \" + t.getMessage());").find()).isFalse();
        assertThat(BRANCH.matcher("throw new ConfigException(file + \": \" + e.getMessage());").find()).isFalse();
    }
}
