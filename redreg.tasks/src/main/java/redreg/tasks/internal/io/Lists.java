package redreg.tasks.internal.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import redreg.api.ConfigException;

/** Split list files (RFC 4180 CSV with an optional UTF-8 BOM, or whitespace-separated) and folder listings. */
public final class Lists {
    private Lists() {
    }

    /** One non-blank line split into fields; {@code line} is 1-based. */
    public record Row(int line, List<String> fields) {
    }

    /** Reads a list file; fields are split on commas when {@code separator} is ",", else on whitespace or commas. */
    public static List<Row> read(Path file, String what, boolean commaOnly) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found (expected " + what + ")");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (expected " + what + "): " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (commaOnly) {
            return csv(file, text);
        }
        Pattern split = Pattern.compile(commaOnly ? "," : "[,\\s]+");
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (!l.isEmpty()) {
                List<String> fields = new ArrayList<>();
                for (String f : split.split(l)) {
                    fields.add(f.strip());
                }
                rows.add(new Row(i + 1, fields));
            }
        }
        return rows;
    }

    /**
     * RFC 4180 CSV through Jackson's parser: quoted fields may hold commas, an unterminated quote or a stray quote
     * is an error naming the file and the line (not a silently merged or split row). Blank lines are skipped.
     */
    private static List<Row> csv(Path file, String text) {
        List<Row> rows = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        try (CsvParser p = mapper.getFactory().createParser(text)) {
            p.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            p.enable(CsvParser.Feature.TRIM_SPACES);
            p.setSchema(CsvSchema.emptySchema());
            // tokens: [ (the file) then one [ field … ] per line
            List<String> fields = new ArrayList<>();
            int depth = 0;
            int line = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_ARRAY) {
                    depth++;
                    fields = new ArrayList<>();
                } else if (t == JsonToken.END_ARRAY && depth-- == 2
                        && !(fields.size() == 1 && fields.get(0).isEmpty())) {
                    rows.add(new Row(line, fields));
                } else if (t == JsonToken.VALUE_STRING) {
                    if (fields.isEmpty()) {
                        line = p.getTokenLocation().getLineNr();
                    }
                    fields.add(p.getText().strip());
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new ConfigException(file + (line > 0 ? " line " + line : "") + ": not valid CSV ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return rows;
    }

    /** The {@code .jpg}/{@code .jpeg} files of a folder, sorted by name. */
    public static List<Path> jpegs(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase();
                return n.endsWith(".jpg") || n.endsWith(".jpeg");
            }).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(folder + ": cannot list the frame folder: " + e.getMessage());
        }
    }
}
