package redreg.bench.internal.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import redreg.api.internal.engine.runfiles.RunFiles;

/**
 * The table like the paper's: for each column group, accuracy, per-modality accuracy, macro-F1 and the modality gap,
 * each mean ± std over seeds (percent), best bold and second underlined, and the paired t-test p-value of each row's
 * accuracy against the baseline. Written as {@code report.md}, {@code report.html} and {@code table.csv}.
 */
public final class Report {
    private final TablePlan plan;
    private final Summary summary;
    private final List<String> plots;
    private final Status status;

    public Report(TablePlan plan, Summary summary, List<String> plots, Status status) {
        this.plan = plan;
        this.summary = summary;
        this.plots = plots;
        this.status = status;
    }

    /**
     * What the numbers rest on: the runs left out (failed with their log, running, not started) and the stale
     * results that were reused ({@code --reuse-stale}). Each line is {@code row | column | seed: what}.
     */
    public record Status(List<String> left, List<String> reused) {
        static Status of(TableState state, boolean reuseStale) {
            List<String> left = new ArrayList<>();
            List<String> reused = new ArrayList<>();
            for (TableState.Cell c : state.cells()) {
                String label = TableRunner.label(c.run());
                switch (c.status()) {
                    case FAILED -> left.add(label + ": failed, log " + c.log());
                    case RUNNING -> left.add(label + ": running (" + c.holder() + ")"
                            + (reuseStale && !c.changed().isEmpty() ? ", stale result reused" : ""));
                    case MISSING -> left.add(label + ": not run yet");
                    case STALE -> {
                        if (reuseStale) {
                            reused.add(label + ": made by other code (" + String.join(", ", c.changed()) + ")");
                        } else {
                            left.add(label + ": stale, not rerun");
                        }
                    }
                    case FINISHED -> {
                    }
                }
            }
            return new Status(left, reused);
        }
    }

    private String header(String metric) {
        return switch (metric) {
            case "accuracy" -> "Accuracy";
            case "macroF1" -> "Macro-F1";
            case "gap" -> "Gap";
            case "mae" -> "MAE";
            case "mse" -> "MSE";
            case "pearson" -> "Corr";
            case "acc2" -> "Acc-2";
            case "acc2nonzero" -> "Acc-2 (non-0)";
            case "acc7" -> "Acc-7";
            default -> metric.startsWith("mae.") ? "MAE " + metric.substring("mae.".length())
                    : "Acc " + metric.substring("accuracy.".length());
        };
    }

    private enum Mark { NONE, BEST, SECOND }

    private Mark mark(String row, String column, String metric) {
        List<String> rows = new ArrayList<>(plan.rowLabels());
        rows.removeIf(r -> Double.isNaN(summary.cell(r, column).mean(metric)));
        if (!rows.contains(row)) {
            return Mark.NONE;
        }
        Comparator<String> byMean = Comparator.comparingDouble(r -> summary.cell(r, column).mean(metric));
        rows.sort(Summary.lowerIsBetter(metric) ? byMean : byMean.reversed());
        if (rows.size() < 2) {
            return Mark.NONE;
        }
        if (rows.get(0).equals(row)) {
            return Mark.BEST;
        }
        return rows.size() > 2 && rows.get(1).equals(row) ? Mark.SECOND : Mark.NONE;
    }

    private String value(String row, String column, String metric) {
        Summary.Cell c = summary.cell(row, column);
        if (Double.isNaN(c.mean(metric))) {
            return "–";
        }
        String v = summary.percent(metric)
                ? String.format(Locale.ROOT, "%.2f ± %.2f", 100 * c.mean(metric), 100 * c.std(metric))
                : String.format(Locale.ROOT, "%.3f ± %.3f", c.mean(metric), c.std(metric));
        boolean primary = metric.equals(summary.primary());
        if (primary && c.seeds().size() < c.planned()) {
            v += " (" + c.seeds().size() + "/" + c.planned() + " seeds)";
        }
        return c.diverged() > 0 && primary ? v + " ‡" + c.diverged() : v;
    }

    /** How far below the best single modality a row may end before the report marks it (accuracy, 2 points). */
    static final double HARM_MARGIN = 0.02;

    /** A row trained on one modality: its runs report exactly one per-modality accuracy. */
    private boolean singleModality(String row, String column) {
        Summary.Cell c = summary.cell(row, column);
        String head = summary.objective().headMetric() + ".";
        return summary.metrics().stream().filter(m -> m.startsWith(head) && !Double.isNaN(c.mean(m))).count() == 1;
    }

    /** The single-modality row of a column group with the best mean accuracy, or null when there is none. */
    String bestSingleModality(String column) {
        if (!summary.objective().higherIsBetter()) {
            return null; // issue 19: the do-no-harm mark is defined on accuracy
        }
        return plan.rowLabels().stream()
                .filter(r -> singleModality(r, column) && !Double.isNaN(summary.cell(r, column).mean("accuracy")))
                .max(Comparator.comparingDouble(r -> summary.cell(r, column).mean("accuracy"))).orElse(null);
    }

    /** Do no harm: a multimodal row whose mean accuracy ends more than {@link #HARM_MARGIN} below the best single modality. */
    boolean harms(String row, String column) {
        String best = bestSingleModality(column);
        double mean = summary.cell(row, column).mean("accuracy");
        return best != null && !singleModality(row, column) && !Double.isNaN(mean)
                && mean < summary.cell(best, column).mean("accuracy") - HARM_MARGIN;
    }

    private String harmNote(String column) {
        String best = bestSingleModality(column);
        return best == null ? null : String.format(Locale.ROOT, "▼: ends more than %.0f points below the best single "
                + "modality ('%s', %.2f).", 100 * HARM_MARGIN, best, 100 * summary.cell(best, column).mean("accuracy"));
    }

    private static final String DIVERGED_NOTE = "‡k: k seeds diverged (a non-finite loss stopped their training; "
            + "their metrics are those at that point).";

    private String pValue(String row, String column) {
        String baseline = plan.spec().baseline();
        if (baseline == null || baseline.equals(row)) {
            return "–";
        }
        double p = summary.pairedP(row, baseline, column, summary.primary());
        return Double.isNaN(p) ? "–" : String.format(Locale.ROOT, "%.3g", p);
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        String title = plan.spec().title() != null ? plan.spec().title() : plan.spec().name();
        sb.append("# ").append(title).append("\n\n");
        sb.append(String.format(Locale.ROOT, "Mean ± std over seeds %s (%s). **Best**, <u>second</u>. "
                + "p: paired t-test of %s against %s over seeds.%n%n", plan.spec().seeds(), units(), primaryName(),
                plan.spec().baseline() == null ? "(no baseline)" : "'" + plan.spec().baseline() + "'"));
        sb.append(DIVERGED_NOTE).append("\n\n");
        for (String column : plan.columnLabels()) {
            if (!column.equals("-")) {
                sb.append("## ").append(column).append("\n\n");
            }
            sb.append("| Method |");
            summary.metrics().forEach(m -> sb.append(' ').append(header(m)).append(" |"));
            sb.append(" p |\n|---|");
            summary.metrics().forEach(m -> sb.append("---:|"));
            sb.append("---:|\n");
            for (String row : plan.rowLabels()) {
                sb.append("| ").append(row).append(" |");
                for (String m : summary.metrics()) {
                    String v = value(row, column, m);
                    v = switch (mark(row, column, m)) {
                        case BEST -> "**" + v + "**";
                        case SECOND -> "<u>" + v + "</u>";
                        default -> v;
                    };
                    sb.append(' ').append(v).append(m.equals("accuracy") && harms(row, column) ? " ▼" : "").append(" |");
                }
                sb.append(' ').append(pValue(row, column)).append(" |\n");
            }
            sb.append('\n');
            if (harmNote(column) != null) {
                sb.append(harmNote(column)).append("\n\n");
            }
        }
        statusLines("## Not in this report", status.left(), l -> sb.append("- ").append(l).append('\n'), sb);
        statusLines("## Reused stale results", status.reused(), l -> sb.append("- ").append(l).append('\n'), sb);
        for (String p : plots) {
            sb.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        return sb.toString();
    }

    public String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(plan.spec().name())).append("</title><style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #999;padding:4px 8px;"
                        + "text-align:right}td:first-child,th:first-child{text-align:left}img{max-width:32%;margin:2px}"
                        + "table.plots{table-layout:fixed;width:100%}table.plots img{max-width:100%}"
                        + "table.plots td,table.plots th{padding:2px}table.plots td:first-child{width:10%}"
                        + "details.seeds{margin:-1.5em 0 2em}details.seeds summary{cursor:pointer;color:#036}"
                        + "img.accuracy{max-width:100%}td[title]{cursor:help}"
                        + "</style></head><body>\n");
        sb.append("<h1>").append(escape(plan.spec().title() != null ? plan.spec().title() : plan.spec().name()))
                .append("</h1>\n<p>Mean ± std over seeds ").append(plan.spec().seeds())
                .append(" (" + units() + "). <b>Best</b>, <u>second</u>. p: paired t-test of " + primaryName()
                        + " against the baseline. "
                        + "Hover a value for each seed's, or open <i>Per-seed values</i> under a table. ")
                .append(escape(DIVERGED_NOTE)).append("</p>\n");
        for (String column : plan.columnLabels()) {
            if (!column.equals("-")) {
                sb.append("<h2>").append(escape(column)).append("</h2>\n");
            }
            sb.append("<table><tr><th>Method</th>");
            summary.metrics().forEach(m -> sb.append("<th>").append(escape(header(m))).append("</th>"));
            sb.append("<th>p</th></tr>\n");
            for (String row : plan.rowLabels()) {
                sb.append("<tr><td>").append(escape(row)).append("</td>");
                for (String m : summary.metrics()) {
                    String v = escape(value(row, column, m));
                    v = switch (mark(row, column, m)) {
                        case BEST -> "<b>" + v + "</b>";
                        case SECOND -> "<u>" + v + "</u>";
                        default -> v;
                    };
                    v += m.equals("accuracy") && harms(row, column) ? " ▼" : "";
                    sb.append("<td title=\"").append(escape(perSeed(row, column, m))).append("\">").append(v).append("</td>");
                }
                sb.append("<td>").append(pValue(row, column)).append("</td></tr>\n");
            }
            sb.append("</table>\n");
            if (harmNote(column) != null) {
                sb.append("<p>").append(escape(harmNote(column))).append("</p>\n");
            }
            seedTable(column, sb);
        }
        statusLines("<h2>Not in this report</h2>\n<ul>", status.left(),
                l -> sb.append("<li>").append(escape(l)).append("</li>\n"), sb);
        if (!status.reused().isEmpty()) {
            // folded: with --reuse-stale the list names every reused run, and would push the figures off the page
            sb.append("<h2>Reused stale results</h2>\n<details><summary>").append(status.reused().size())
                    .append(" result(s) made by other code, reused (--reuse-stale)</summary>\n<ul>\n");
            status.reused().forEach(l -> sb.append("<li>").append(escape(l)).append("</li>\n"));
            sb.append("</ul></details>\n");
        }
        sb.append("<h2>Accuracy over training</h2>\n");
        for (String p : plots) {
            if (!p.startsWith("plots/diag-")) {
                sb.append("<img class=\"accuracy\" src=\"").append(escape(p)).append("\" alt=\"").append(escape(p))
                        .append("\">");
            }
        }
        // The paper's Figs. 1 and 3: one line per method, RLC / DGR / RS side by side.
        sb.append("<h2>Redundancy diagnostics (first seed)</h2>\n<table class=\"plots\"><tr><th>Method</th>"
                + "<th>RLC</th><th>DGR</th><th>RS</th></tr>\n");
        for (String row : plan.rowLabels()) {
            sb.append("<tr><td>").append(escape(row)).append("</td>");
            for (String signal : List.of("rlc", "dgr", "rs")) {
                String p = "plots/diag-" + Plots.slug(plan.rowLabels(), row) + "-" + signal + ".png";
                sb.append("<td>").append(plots.contains(p) ? image(p) : "–").append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n</body></html>\n").toString();
    }

    /** A cell's hover text: the value of each seed, e.g. {@code seed 1: 42.71, seed 2: 40.10 (diverged)}. */
    private String perSeed(String row, String column, String metric) {
        Summary.Cell c = summary.cell(row, column);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < c.seeds().size(); i++) {
            double x = c.samples().get(metric)[i];
            parts.add("seed " + c.seeds().get(i) + ": " + number(metric, x) + (c.divergedSeeds().get(i) ? " (diverged)" : ""));
        }
        return String.join(", ", parts);
    }

    /** One seed's value: a rate in percent, an error or a correlation as it is. */
    private String number(String metric, double x) {
        return Double.isNaN(x) ? "–" : summary.percent(metric) ? String.format(Locale.ROOT, "%.2f", 100 * x)
                : String.format(Locale.ROOT, "%.3f", x);
    }

    /** What the numbers are in: percent (classification), or a regression's mix. */
    private String units() {
        return summary.objective() instanceof redreg.api.Objective.Classification ? "percent"
                : "accuracies in percent; MAE, MSE and Corr (Pearson r) as they are, lower MAE is better";
    }

    private String primaryName() {
        return summary.primary().equals("accuracy") ? "accuracy" : header(summary.primary());
    }

    /** Every seed's values of one column group, folded away under the table (a click opens it). */
    private void seedTable(String column, StringBuilder sb) {
        sb.append("<details class=\"seeds\"><summary>Per-seed values</summary>\n<table><tr><th>Method</th><th>Seed</th>");
        summary.metrics().forEach(m -> sb.append("<th>").append(escape(header(m))).append("</th>"));
        sb.append("<th>Diverged</th></tr>\n");
        for (String row : plan.rowLabels()) {
            Summary.Cell c = summary.cell(row, column);
            for (int i = 0; i < c.seeds().size(); i++) {
                sb.append("<tr><td>").append(escape(row)).append("</td><td>").append(c.seeds().get(i)).append("</td>");
                for (String m : summary.metrics()) {
                    sb.append("<td>").append(number(m, c.samples().get(m)[i])).append("</td>");
                }
                sb.append("<td>").append(c.divergedSeeds().get(i) ? "yes" : "").append("</td></tr>\n");
            }
        }
        sb.append("</table></details>\n");
    }

    private static void statusLines(String heading, List<String> lines, java.util.function.Consumer<String> line,
                                    StringBuilder sb) {
        if (lines.isEmpty()) {
            return;
        }
        sb.append(heading).append("\n").append(heading.startsWith("#") ? "\n" : "");
        lines.forEach(line);
        sb.append(heading.startsWith("#") ? "\n" : "</ul>\n");
    }

    private static String image(String p) {
        return "<img src=\"" + escape(p) + "\" alt=\"" + escape(p) + "\">";
    }

    /**
     * One line per run in the report: row, column, seed, hash and every metric (the union over the runs, first seen
     * first; empty where a run lacks one, e.g. the other modality of a unimodal row).
     */
    public String csv(RunStore store, java.util.function.Predicate<String> usable) {
        Map<PlannedRun, com.fasterxml.jackson.databind.JsonNode> metrics = new java.util.LinkedHashMap<>();
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        for (PlannedRun r : plan.runs()) {
            if (usable.test(r.hash())) {
                store.result(r.hash()).ifPresent(result -> {
                    metrics.put(r, result.get("metrics"));
                    result.get("metrics").fieldNames().forEachRemaining(keys::add);
                });
            }
        }
        StringBuilder sb = new StringBuilder("row,column,seed,hash");
        keys.forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        metrics.forEach((r, m) -> {
            sb.append(quote(r.row())).append(',').append(quote(r.column())).append(',').append(r.seed()).append(',')
                    .append(r.hash());
            keys.forEach(k -> sb.append(',').append(m.hasNonNull(k) ? String.valueOf(m.get(k).asDouble()) : ""));
            sb.append('\n');
        });
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public void write(Path dir, RunStore store, java.util.function.Predicate<String> usable) {
        RunFiles.writeAtomically(dir.resolve("report.md"), markdown());
        RunFiles.writeAtomically(dir.resolve("report.html"), html());
        RunFiles.writeAtomically(dir.resolve("table.csv"), csv(store, usable));
    }

}
