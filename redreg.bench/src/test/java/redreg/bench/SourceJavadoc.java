package redreg.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A config record's javadoc read from its source file ({@code <root>/<module>/src/main/java/...}), as Markdown:
 * the main description and each {@code @param}. What {@link YamlReferenceTest} fills the reference's meanings from.
 */
final class SourceJavadoc {
    private SourceJavadoc() {
    }

    record Javadoc(String description, Map<String, String> params) {
    }

    /** The javadoc right above {@code record Name(} in the record's source file (main description and @params). */
    static Javadoc of(Path root, Class<?> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String module = top.getModule().getName();
        Path file = root.resolve(module).resolve("src/main/java").resolve(top.getName().replace('.', '/') + ".java");
        String src;
        try {
            src = Files.readString(file);
        } catch (IOException e) {
            return new Javadoc("", Map.of());
        }
        Matcher decl = Pattern.compile("\\brecord\\s+" + Pattern.quote(type.getSimpleName()) + "\\s*[(<]").matcher(src);
        if (!decl.find()) {
            return new Javadoc("", Map.of());
        }
        String before = src.substring(0, decl.start());
        int end = before.lastIndexOf("*/");
        int start = before.lastIndexOf("/**");
        if (end < 0 || start < 0 || start > end
                || !before.substring(end + 2).strip().matches("((public|static|final|@\\w+(\\((?:[^()\"]|\"[^\"]*\")*\\))?)\\s*)*")) {
            return new Javadoc("", Map.of());
        }
        String body = before.substring(start + 3, end).lines()
                .map(l -> l.replaceFirst("^\\s*\\*? ?", ""))
                .collect(Collectors.joining("\n"));
        // The main description runs up to the first block tag; each tag runs up to the next one.
        List<String> blocks = new ArrayList<>(List.of(""));
        for (String line : body.split("\n")) {
            if (line.strip().startsWith("@")) {
                blocks.add(line.strip());
            } else {
                blocks.set(blocks.size() - 1, blocks.get(blocks.size() - 1) + "\n" + line);
            }
        }
        String description = paragraphs(blocks.get(0));
        Map<String, String> params = new LinkedHashMap<>();
        for (String tag : blocks.subList(1, blocks.size())) {
            Matcher m = Pattern.compile("@param\\s+(\\S+)\\s*(.*)", Pattern.DOTALL).matcher(tag);
            if (m.matches()) {
                params.put(m.group(1), escapeText(inline(m.group(2))));
            }
        }
        return new Javadoc(description, params);
    }

    /** Javadoc inline markup to Markdown, on one line. */
    static String inline(String s) {
        String t = code(s);
        t = Pattern.compile("\\{@link(?:plain)?\\s+([^}\\s]*)(?:\\s+([^}]*))?}").matcher(t).replaceAll(m -> {
            String label = m.group(2) != null ? m.group(2) : m.group(1).replaceFirst("^#", "").replace('#', '.');
            return Matcher.quoteReplacement("`" + label + "`");
        });
        t = t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                .replaceAll("</?(p|i|em|b|strong|ol|ul|li)>", " ");
        return t.replaceAll("\\s+", " ").strip();
    }

    /** {@code {@code x}} to `x`, x possibly holding balanced braces ({@code {visual: {width: 8}}}). */
    private static String code(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int at = s.indexOf("{@code", i);
            if (at < 0) {
                return out.append(s.substring(i)).toString();
            }
            out.append(s, i, at);
            int depth = 1;
            int j = at + "{@code".length();
            int from = j;
            while (j < s.length() && depth > 0) {
                char c = s.charAt(j++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            out.append('`').append(s.substring(from, depth == 0 ? j - 1 : j).strip()).append('`');
            i = j;
        }
    }

    private static String paragraphs(String s) {
        return Arrays.stream(s.split("\\s*<p>\\s*|\\n\\s*\\n")).map(SourceJavadoc::inline)
                .filter(p -> !p.isEmpty()).collect(Collectors.joining("\n\n"));
    }

    /** Text inside a Markdown table cell: a pipe would end the cell. */
    static String escapeText(String s) {
        return s.replace("|", "\\|");
    }
}
