package redreg.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that started this CLI, up to its main module, to start more runs as child processes. */
public final class Relaunch {
    private Relaunch() {
    }

    /** {@code java … -m redreg.bench/redreg.bench.Cli}, or null when this JVM was not started that way (tests). */
    public static List<String> command() {
        List<String> all;
        try {
            all = List.of(Files.readString(Path.of("/proc/self/cmdline"), StandardCharsets.UTF_8).split("\u0000"));
        } catch (IOException e) {
            return null;
        }
        List<String> cmd = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            cmd.add(all.get(i));
            if ((all.get(i).equals("-m") || all.get(i).equals("--module")) && i + 1 < all.size()) {
                cmd.add(all.get(i + 1));
                return all.get(i + 1).startsWith("redreg.bench/") ? cmd : null;
            }
        }
        return null;
    }
}
