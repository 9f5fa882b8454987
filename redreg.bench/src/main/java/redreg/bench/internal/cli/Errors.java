package redreg.bench.internal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redreg.api.ConfigException;
import redreg.api.internal.engine.runfiles.RunFiles;

/**
 * What a failed command prints and exits with: one line and exit 2 for the user's mistakes (config, files,
 * folders, a plug-in module that does not read the class path), the stack trace and exit 1 for everything else.
 */
final class Errors {
    private static final Pattern NOT_READ = Pattern.compile("module (\\S+) does not read unnamed module");

    private Errors() {
    }

    static int report(Throwable failure, PrintStream err) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException) {
                err.println("error: " + t.getMessage());
                return ExitCode.USER;
            }
            if (t instanceof UncheckedIOException || t instanceof IOException) {
                err.println("error: " + ioMessage(t));
                return ExitCode.USER;
            }
            if (t instanceof IllegalAccessError && t.getMessage() != null) {
                Matcher m = NOT_READ.matcher(t.getMessage());
                if (m.find()) {
                    err.println("error: plug-in module " + m.group(1) + " does not read the class path (DL4J/ND4J);"
                            + " name it in REDREG_READS, e.g. REDREG_READS=" + m.group(1) + " ./redreg …");
                    return ExitCode.USER;
                }
            }
        }
        err.println("redreg: internal error (please report it with this trace):");
        failure.printStackTrace(err);
        return ExitCode.INTERNAL;
    }

    /**
     * The engine's I/O failures carry their one line (path and reason, see {@code RunFiles}); a bare wrapped
     * {@code IOException} gets its path and reason in words, without exception class names.
     */
    private static String ioMessage(Throwable t) {
        // new UncheckedIOException(cause) takes the cause's own text as its message: only a message of its own is
        // the thrower's one line
        if (t instanceof UncheckedIOException && !java.util.Objects.equals(t.getMessage(), String.valueOf(t.getCause()))) {
            return t.getMessage();
        }
        IOException io = t instanceof IOException e ? e : ((UncheckedIOException) t).getCause();
        String file = io instanceof java.nio.file.FileSystemException f && f.getFile() != null
                && !(io instanceof java.nio.file.NoSuchFileException) ? f.getFile() + ": " : "";
        return file + RunFiles.reason(io);
    }
}
