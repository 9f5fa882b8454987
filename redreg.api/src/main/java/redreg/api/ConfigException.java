package redreg.api;

import redreg.api.stability.Stable;

/** Bad configuration or input: the message is one line naming the file, the key, what was expected and the choices. */
@Stable(since = "0.1")
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
