package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import redreg.api.experiment.Experiment;
import redreg.bench.internal.table.TablePlan;

/**
 * The commands the README and the getting-started guide show are run as written (made small with overrides),
 * the output they print has the documented shape, and the hash they quote is the default experiment's.
 */
class GuideCommandsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The README and the getting-started guide: their commands, output and run folder. */
    private static final List<Path> GUIDES = List.of(ROOT.resolve("README.md"), ROOT.resolve("module-docs/getting-started.md"));
    /** More pages whose commands need nothing but this repository (plugins.md's need the plug-in's jar). */
    private static final List<Path> MORE = List.of(ROOT.resolve("module-docs/tables.md"),
            ROOT.resolve("module-docs/data.md"), ROOT.resolve("module-docs/results.md"));
    /** {@code ./redreg …} in a ```bash block (up to a comment) or in an inline code span. */
    private static final Pattern INLINE = Pattern.compile("`(\\./redreg [^`]+)`");

    @TempDir
    Path dir;

    private final CliCapture cli = new CliCapture();

    static Set<String> commands(Path guide) throws Exception {
        Set<String> found = new LinkedHashSet<>();
        boolean fenced = false;
        boolean bash = false;
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(guide)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                bash = fenced && line.equals("```bash");
            } else if (bash && line.startsWith("./redreg ")) {
                found.add(line.replaceFirst("\\s+#.*$", "").trim());
            } else if (!fenced) {
                text.append(line).append('\n');
            }
        }
        Matcher m = INLINE.matcher(text);
        while (m.find()) {
            found.add(m.group(1).replaceAll("\\s+", " ").trim());   // a span may wrap onto the next line
        }
        // placeholders (./redreg run runs/<folder>/config.yaml) and mentions of a command (`./redreg run` prints …)
        found.removeIf(c -> c.contains("<") || c.matches("\\./redreg (run|table)"));
        return found;
    }

    private int cli(List<String> args) {
        return cli.run(args.toArray(String[]::new));
    }

    /** Arguments as typed from the repository root: files resolved there. */
    private static List<String> arguments(String command) {
        List<String> args = new ArrayList<>();
        for (String a : command.substring("./redreg ".length()).trim().split("\\s+")) {
            args.add(!a.startsWith("-") && !a.contains("=") && Files.exists(ROOT.resolve(a)) ? ROOT.resolve(a).toString() : a);
        }
        return args;
    }

    @Test
    void theGuidesCommandsRun() throws Exception {
        Set<String> all = new LinkedHashSet<>();
        for (Path guide : java.util.stream.Stream.concat(GUIDES.stream(), MORE.stream()).toList()) {
            all.addAll(commands(guide));
        }
        assertThat(all).contains("./redreg run experiments/default.yaml", "./redreg list",
                "./redreg table tables/av-digits/table1.yaml", "./redreg table tables/synthetic/table5.yaml --parallel 2");
        Set<String> ran = new LinkedHashSet<>();
        for (String command : all) {
            List<String> args = arguments(command);
            switch (args.get(0)) {
                case "run" -> {
                    // two steps of one epoch, into a scratch folder: the command as written, made cheap
                    args.addAll(List.of("training.epochs=1", "training.maxSteps=2", "output.dir=" + dir.resolve("runs")));
                    assertThat(cli(args)).as(command + "\n" + cli.err()).isZero();
                    if (!args.contains("--dry-run")) {
                        // a regression's summary leads with its MAE (issue 19)
                        assertThat(cli.out()).as(command)
                                .containsPattern(": (accuracy \\d\\.\\d{4}  macroF1|mae \\d+\\.\\d{4}  mse)");
                    }
                }
                case "table", "bench" -> {
                    // too long to run here: the flags must parse, and a table's spec must expand
                    args.add("--help");
                    assertThat(cli(args)).as(command + "\n" + cli.err()).isZero();
                    for (String a : args) {
                        if (a.endsWith(".yaml")) {
                            assertThat(TablePlan.load(Path.of(a)).runs()).as(command).isNotEmpty();
                        }
                    }
                }
                case "kernels" -> {
                    // answered by the launcher itself, before any JVM: run it as the guide says
                    Process p = new ProcessBuilder("bash", ROOT.resolve("redreg").toString(), "kernels")
                            .redirectErrorStream(true).start();
                    String printed = new String(p.getInputStream().readAllBytes()).strip();
                    assertThat(p.waitFor()).as(command + "\n" + printed).isZero();
                    assertThat(printed).as(command).isIn("default", "onednn", "onednn-avx512");
                }
                default -> assertThat(cli(args)).as(command + "\n" + cli.err()).isZero();
            }
            ran.add(args.get(0));
        }
        assertThat(ran).contains("run", "list", "table");
    }

    @Test
    void thePrintedOutputHasTheDocumentedShape() throws Exception {
        String guide = Files.readString(GUIDES.get(1));
        String block = guide.substring(guide.indexOf("```\n", guide.indexOf("ends with a summary:")) + 4);
        List<String> documented = block.substring(0, block.indexOf("```")).lines().filter(l -> !l.equals("…")).toList();
        assertThat(documented).hasSizeGreaterThanOrEqualTo(3);
        assertThat(cli(arguments("./redreg run experiments/default.yaml training.epochs=1 training.maxSteps=2 output.dir="
                + dir.resolve("runs")))).as(cli.err()).isZero();
        List<String> printed = cli.out().lines().toList();
        for (String line : documented) {
            Pattern shape = shape(line);
            assertThat(printed).as("a printed line shaped like\n  " + line).anyMatch(p -> shape.matcher(p).matches());
        }
    }

    /**
     * A documented line as a pattern: its words kept, its numbers, hashes and folders any such, and the kernel build
     * of the banner (which depends on the machine's CPU) any build.
     */
    private static Pattern shape(String line) {
        String head = line.contains(" -> ") ? line.substring(0, line.indexOf(" -> ")) : line;
        String folder = line.contains(" -> ") ? line.substring(line.indexOf(" -> ") + 4) : "";
        String after = folder.contains(" ") ? folder.substring(folder.indexOf(' ')) : ""; // " (model 0.9 MB)"
        String tail = line.contains(" -> ") ? " -> .+-[0-9a-f]{12}" + anyNumber(after) : "";
        int kernels = head.indexOf(", kernels ");
        int threads = head.lastIndexOf(" (");
        if (kernels >= 0 && threads > kernels) {
            return Pattern.compile(anyNumber(head.substring(0, kernels)) + ", kernels .+" + anyNumber(head.substring(threads))
                    + tail);
        }
        return Pattern.compile(anyNumber(head) + tail);
    }

    private static String anyNumber(String text) {
        StringBuilder re = new StringBuilder();
        Matcher m = Pattern.compile("\\d+(\\.\\d+)?").matcher(text);
        int at = 0;
        while (m.find()) {
            re.append(Pattern.quote(text.substring(at, m.start()))).append("\\d+(\\.\\d+)?");
            at = m.end();
        }
        return re.append(Pattern.quote(text.substring(at))).toString();
    }

    @Test
    void theQuotedRunFolderIsTheDefaultExperiments() throws Exception {
        String hash = Experiment.load(ROOT.resolve("experiments/default.yaml")).hash();
        for (Path guide : GUIDES) {
            Matcher m = Pattern.compile("default-([0-9a-f]{12})").matcher(Files.readString(guide));
            int quoted = 0;
            while (m.find()) {
                assertThat(m.group(1)).as(guide + ": the numbers shown are of another config; measure again").isEqualTo(hash);
                quoted++;
            }
            assertThat(quoted).as(guide.toString()).isPositive();
        }
    }

    @Test
    void theOutsideProjectPomMatchesThisBuild() throws Exception {
        String plugins = Files.readString(ROOT.resolve("module-docs/plugins.md"));
        assertThat(plugins).contains("mvn -B install -DskipTests");
        Matcher m = Pattern.compile("```xml\n(<\\?xml.*?</project>)\n```", Pattern.DOTALL).matcher(plugins);
        assertThat(m.find()).as("plugins.md shows a whole pom.xml").isTrue();
        Document doc = parse(m.group(1));
        Document build = parse(Files.readString(ROOT.resolve("pom.xml")));
        Element project = doc.getDocumentElement();
        for (String coordinate : List.of("groupId", "artifactId", "version")) {
            assertThat(child(project, coordinate)).as(coordinate).isNotBlank();
        }
        String version = child(build.getDocumentElement(), "version");
        assertThat(text(doc, "redreg.version")).isEqualTo(version);
        // what the test dependencies and plug-ins pin is what this build uses
        assertThat(plugins).contains("<version>" + text(build, "junit.version") + "</version>");
        NodeList deps = doc.getElementsByTagName("dependency");
        List<String> redreg = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (child(d, "groupId").equals("io.redreg")) {
                redreg.add(child(d, "artifactId"));
                assertThat(child(d, "version")).isEqualTo("${redreg.version}");
            }
        }
        assertThat(redreg).containsExactly("redreg.api", "redreg.testkit", "redreg.tasks", "redreg.fusion",
                "redreg.regulators");
        java.util.Map<String, String> used = pluginVersions(build);
        java.util.Map<String, String> shown = pluginVersions(doc);
        assertThat(shown).isNotEmpty();
        shown.forEach((plugin, v) -> assertThat(v).as(plugin).isEqualTo(used.get(plugin)));
    }

    private static java.util.Map<String, String> pluginVersions(Document d) {
        java.util.Map<String, String> versions = new java.util.TreeMap<>();
        NodeList l = d.getElementsByTagName("plugin");
        for (int i = 0; i < l.getLength(); i++) {
            Element p = (Element) l.item(i);
            versions.put(child(p, "artifactId"), child(p, "version"));
        }
        return versions;
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String child(Element e, String name) {
        NodeList l = e.getChildNodes();
        for (int i = 0; i < l.getLength(); i++) {
            if (l.item(i) instanceof Element c && c.getTagName().equals(name)) {
                return c.getTextContent().trim();
            }
        }
        return "";
    }

    private static String text(Document d, String tag) {
        return d.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
