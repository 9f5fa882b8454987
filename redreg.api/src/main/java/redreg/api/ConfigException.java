package redreg.api;

import redreg.api.stability.Experimental;
import redreg.api.stability.Stable;

/**
 * Bad configuration or input, reported as one line: {@code <source>: <key path>: <problem>}, e.g.
 * {@code override 'regulator.alpha=-1': regulator.alpha: expected a number at least 0, got -1.0}.
 *
 * <p>The parts are kept apart, so that code never has to read them back out of the text. A plug-in names the key
 * it checks relative to its own config ({@code ConfigException.at("endEpoch", "must not be before startEpoch")});
 * the binder that called it prepends where that config sits ({@link #prependPath}, as Jackson's
 * {@code JsonMappingException.prependPath} does) and names the file or override that set the key
 * ({@link #withSource}). A problem of no particular key ({@code new ConfigException("data.npy: not a NumPy file")})
 * is reported as it is.
 */
@Stable(since = "0.1")
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private String path;
    private final String problem;
    private String source;

    /** A problem of no particular key: the message is the whole line. */
    public ConfigException(String message) {
        this(null, message, null);
    }

    public ConfigException(String message, Throwable cause) {
        super(null, cause);
        this.problem = message;
    }

    private ConfigException(String path, String problem, Throwable cause) {
        super(null, cause);
        this.path = path == null || path.isEmpty() ? null : path;
        this.problem = problem;
    }

    /** A problem with one key: a dotted path ({@code modalities}, {@code task.use}, {@code shape[1]}). */
    @Experimental(since = "0.1", why = "issue 18: the key path is new")
    public static ConfigException at(String key, String problem) {
        return new ConfigException(key, problem, null);
    }

    /**
     * The key path, relative to the config whose check threw until a caller prepends where that config sits; null
     * for a problem of no particular key.
     */
    @Experimental(since = "0.1", why = "issue 18: the key path is new")
    public String path() {
        return path;
    }

    /** What was wrong, without the source and the key. */
    @Experimental(since = "0.1", why = "issue 18: the key path is new")
    public String problem() {
        return problem;
    }

    /** The file or override that set the key ({@code exp.yaml}, {@code override 'a.b=1'}), or null while unknown. */
    @Experimental(since = "0.1", why = "issue 18: the key path is new")
    public String source() {
        return source;
    }

    /**
     * Puts the path of the enclosing config in front of this key's: {@code endEpoch} becomes
     * {@code regulator.endEpoch}; an element index ({@code [2]}) joins without a dot. A problem of no particular
     * key becomes one of {@code parent}. Returns this exception.
     */
    @Experimental(since = "0.1", why = "issue 18: the key path is new")
    public ConfigException prependPath(String parent) {
        if (parent != null && !parent.isEmpty()) {
            path = path == null ? parent : path.startsWith("[") ? parent + path : parent + "." + path;
        }
        return this;
    }

    /** Names the file or override the line is about, unless one is named already. Returns this exception. */
    @Experimental(since = "0.1", why = "issue 18: the key path is new")
    public ConfigException withSource(String source) {
        if (this.source == null) {
            this.source = source;
        }
        return this;
    }

    /**
     * {@code "did you mean 'x'? "} when one of {@code choices} is a likely typo of {@code name} (the closest by edit
     * distance, ignoring case: one edit for names of up to four letters, two for longer), else the empty string;
     * for a problem such as {@code "unknown modality 'vidual'; did you mean 'visual'? valid: audio, visual"}.
     */
    @Experimental(since = "0.1", why = "issue 18: the key path is new")
    public static String didYouMean(String name, java.util.Collection<String> choices) {
        String c = Typos.closest(name, choices);
        return c == null ? "" : "did you mean '" + c + "'? ";
    }

    /** {@code <source>: <path>: <problem>}, leaving out the parts that are not known. */
    @Override
    public String getMessage() {
        StringBuilder line = new StringBuilder();
        if (source != null) {
            line.append(source).append(": ");
        }
        if (path != null) {
            line.append(path).append(": ");
        }
        return line.append(problem).toString();
    }
}
