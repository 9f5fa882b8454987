package redreg.api.internal.engine.runfiles;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CSV file that grows by appending rows (linear I/O over a run). Its columns are the union of the rows' keys
 * in first-seen order; a row with a new key (a regulator's diagnostic that starts mid-run) rewrites the file
 * once under the wider header, atomically.
 */
final class CsvLog {
    // strict quoting: a long column name is quoted only when it must be (Jackson quotes any value past 24 chars)
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private final RunFiles files;
    private final String name;
    private final Set<String> columns = new LinkedHashSet<>();
    private long rows;

    CsvLog(RunFiles files, String name) {
        this.files = files;
        this.name = name;
    }

    void append(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Set<String> wanted = new LinkedHashSet<>(columns);
        rows.forEach(r -> wanted.addAll(r.keySet()));
        Path file = files.file(name);
        try {
            if (!wanted.equals(columns) && Files.exists(file)) {
                List<Map<String, Object>> all = readAll(file);
                all.addAll(rows);
                columns.clear();
                columns.addAll(wanted);
                RunFiles.writeAtomically(file, CSV.writer(schema(true)).writeValueAsString(all));
                this.rows = all.size();
                return;
            }
            boolean header = columns.isEmpty();
            columns.clear();
            columns.addAll(wanted);
            files.append(name, CSV.writer(schema(header)).writeValueAsString(rows));
            this.rows += rows.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + RunFiles.reason(e), e);
        }
    }

    /** A fresh run: no rows yet, and no file left from an earlier run in the same folder. */
    void startFresh() {
        columns.clear();
        rows = 0;
        try {
            Files.deleteIfExists(files.dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + files.dir().resolve(name) + ": " + RunFiles.reason(e), e);
        }
    }

    /** What a resumed run needs to continue the file as it is now: columns, rows, length and header line. */
    void save(redreg.api.PluginState s) {
        Path file = files.dir().resolve(name);
        s.putString("columns", String.join("\n", columns)).putLong("rows", rows);
        try {
            boolean exists = Files.exists(file);
            s.putLong("bytes", exists ? Files.size(file) : 0);
            s.putString("header", exists ? firstLine(file) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + RunFiles.reason(e), e);
        }
    }

    /**
     * Cuts the file back to what {@link #save} saw: its length, when the rows since were appended; or, when a new
     * column rewrote the file since (a wider header), its first rows on the saved columns, rewritten.
     */
    void resumeFrom(redreg.api.PluginState s) {
        columns.clear();
        String saved = s.getString("columns");
        if (!saved.isEmpty()) {
            columns.addAll(List.of(saved.split("\n")));
        }
        rows = s.getLong("rows");
        long bytes = s.getLong("bytes");
        Path file = files.dir().resolve(name);
        try {
            if (bytes == 0) {
                Files.deleteIfExists(file);
            } else if (Files.size(file) >= bytes && s.getString("header").equals(firstLine(file))) {
                try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.truncate(bytes);
                }
            } else {
                List<Map<String, Object>> kept = new ArrayList<>();
                for (Map<String, Object> row : readAll(file).subList(0, (int) rows)) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    columns.forEach(c -> r.put(c, row.get(c)));
                    kept.add(r);
                }
                RunFiles.writeAtomically(file, CSV.writer(schema(true)).writeValueAsString(kept));
            }
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("cannot resume " + file + " from its checkpoint: "
                    + (e instanceof IOException io ? RunFiles.reason(io) : e.getMessage()), new IOException(e));
        }
    }

    private static String firstLine(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file)) {
            String line = reader.readLine();
            return line == null ? "" : line;
        }
    }

    private CsvSchema schema(boolean header) {
        CsvSchema.Builder b = CsvSchema.builder().setUseHeader(header);
        columns.forEach(b::addColumn);
        return b.build();
    }

    private static List<Map<String, Object>> readAll(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (it.hasNext()) {
                Map<String, Object> row = new LinkedHashMap<>();
                it.next().forEach((k, v) -> row.put(k, v.isEmpty() ? null : v));
                out.add(row);
            }
        }
        return out;
    }
}
