package redreg.bench.internal.table;

import java.nio.file.Path;

/**
 * The options of {@code redreg table}, parsed by the command line ({@code TableCmd}, one field per component).
 *
 * @param spec     the table spec file
 * @param force    run every run again, finished or not
 * @param parallel runs at once, or null for the spec's {@code parallel}
 */
public record TableOptions(Path spec, boolean force, Integer parallel) {
}
