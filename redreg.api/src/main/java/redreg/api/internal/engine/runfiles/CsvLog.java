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
                return;
            }
            boolean header = columns.isEmpty();
            columns.clear();
            columns.addAll(wanted);
            files.append(name, CSV.writer(schema(header)).writeValueAsString(rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + RunFiles.reason(e), e);
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
