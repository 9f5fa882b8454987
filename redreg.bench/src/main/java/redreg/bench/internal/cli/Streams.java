package redreg.bench.internal.cli;

import java.io.PrintStream;

/** Where the commands print: the process's streams, or a test's. */
record Streams(PrintStream out, PrintStream err) {
}
