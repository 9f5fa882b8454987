package redreg.example.research;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run's {@code diagnostics.csv} in memory: one row per training step, one column per signal ({@code step},
 * {@code epoch}, {@code loss}, per modality {@code p.m}, {@code rlc.m}, {@code dgr.m}, {@code rs.m},
 * {@code gradNorm.m}, then whatever the regulator recorded). Empty cells (a signal not defined at that step)
 * read as NaN.
 */
public final class Diagnostics {
    private final List<String> columns;
    private final List<double[]> rows;

    private Diagnostics(List<String> columns, List<double[]> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    public static Diagnostics read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + " is empty");
        }
        // The names and numbers the engine writes need no quoting, so a plain split is enough.
        List<String> columns = List.of(lines.get(0).split(",", -1));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            double[] row = new double[columns.size()];
            Arrays.fill(row, Double.NaN);
            for (int i = 0; i < cells.length && i < row.length; i++) {
                if (!cells[i].isEmpty()) {
                    row[i] = Double.parseDouble(cells[i]);
                }
            }
            rows.add(row);
        }
        return new Diagnostics(columns, rows);
    }

    public List<String> columns() {
        return columns;
    }

    public int rows() {
        return rows.size();
    }

    public boolean has(String column) {
        return columns.contains(column);
    }

    /** One column over the steps (NaN where undefined). */
    public double[] column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "'; columns: " + String.join(", ", columns));
        }
        return rows.stream().mapToDouble(r -> r[i]).toArray();
    }

    /** Mean of a column over the steps where it is defined (NaN if it never is). */
    public double mean(String name) {
        return Arrays.stream(column(name)).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }
}
