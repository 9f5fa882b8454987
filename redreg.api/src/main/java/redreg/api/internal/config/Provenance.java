package redreg.api.internal.config;

import java.util.HashMap;
import java.util.Map;

/** Which file (or command-line override) set each dotted key, so errors can name it. */
public final class Provenance {
    private final Map<String, String> sources = new HashMap<>();
    private final String fallback;

    public Provenance(String fallback) {
        this.fallback = fallback;
    }

    public void record(String path, String source) {
        sources.put(path, source);
    }

    /** The source of the key, or of its nearest recorded parent (a list element's source is its list's). */
    public String sourceOf(String path) {
        String p = path.replaceAll("\\[\\d+]", "");
        while (true) {
            String s = sources.get(p);
            if (s != null) {
                return s;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return fallback;
            }
            p = p.substring(0, dot);
        }
    }

    public static Provenance none(String what) {
        return new Provenance(what);
    }
}
