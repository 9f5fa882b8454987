package redreg.bench.internal.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redreg.api.internal.engine.runfiles.CodeFingerprint;

/**
 * Where every unique run of a table stands, read from its folder: a result made by the current code, a result made by
 * other code (stale: its fingerprint differs), a live claim (running elsewhere), a failed or interrupted attempt
 * (a log or a dead claim but no result), or nothing yet.
 */
public final class TableState {
    public enum Status { FINISHED, STALE, RUNNING, FAILED, MISSING }

    /**
     * One unique run: its status, the claim holding it (RUNNING), the modules whose code changed (STALE), and for a
     * run held by a Slurm task its queue state ({@code pending}, {@code running}; else null).
     */
    public record Cell(PlannedRun run, Status status, Claim claim, List<String> changed, Path log, String queueState) {
        Cell(PlannedRun run, Status status, Claim claim, List<String> changed, Path log) {
            this(run, status, claim, changed, log, null);
        }

        /** {@code Slurm job 12_3 (pending) since …}, or the host and pid. */
        public String holder() {
            if (claim == null) {
                return "a claim being written";
            }
            return queueState == null ? claim.describe() : claim.describe().replaceFirst(" since ", " (" + queueState + ") since ");
        }
    }

    private final Map<String, Cell> cells;

    private TableState(Map<String, Cell> cells) {
        this.cells = cells;
    }

    public static TableState scan(TablePlan plan, RunStore store, SlurmQueue queue) {
        Claim.Liveness liveness = Claim.liveness(queue);
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (PlannedRun r : plan.runs()) {
            if (!cells.containsKey(r.hash())) {
                cells.put(r.hash(), cell(r, store, liveness, queue));
            }
        }
        return new TableState(cells);
    }

    private static Cell cell(PlannedRun r, RunStore store, Claim.Liveness liveness, SlurmQueue queue) {
        Path dir = store.runDir(r.hash());
        Path log = dir.resolve(TableRunner.LOG);
        Optional<JsonNode> result = store.result(r.hash());
        List<String> changed = result.map(TableState::changedModules).orElse(List.of());
        if (result.isPresent() && changed.isEmpty()) {
            return new Cell(r, Status.FINISHED, null, changed, log);
        }
        Optional<Claim> claim = Claim.read(dir);
        boolean claimFile = Files.exists(dir.resolve(Claim.FILE));
        if (claimFile && liveness.alive(claim.orElse(null), dir.resolve(Claim.FILE))) {
            String queueState = claim.map(Claim::job).map(queue::state).orElse(null);
            return new Cell(r, Status.RUNNING, claim.orElse(null), changed, log, queueState);
        }
        if (result.isPresent()) {
            return new Cell(r, Status.STALE, null, changed, log);
        }
        if (claimFile || Files.exists(log)) {
            return new Cell(r, Status.FAILED, claim.orElse(null), changed, log);
        }
        return new Cell(r, Status.MISSING, null, changed, log);
    }

    /**
     * Whether the run has a result made by the current code. Checked again once a run is claimed: another table may
     * have finished it (and released its claim) since this table looked.
     */
    static boolean current(RunStore store, String hash) {
        return store.result(hash).map(r -> changedModules(r).isEmpty()).orElse(false);
    }

    /** Modules whose current code differs from the code recorded in the result (all of them when none was). */
    static List<String> changedModules(JsonNode result) {
        JsonNode recorded = result.get("fingerprint");
        if (recorded == null || !recorded.isObject() || recorded.isEmpty()) {
            return List.of("(no code fingerprint recorded)");
        }
        Map<String, String> map = new LinkedHashMap<>();
        recorded.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return CodeFingerprint.changed(map);
    }

    public List<Cell> cells() {
        return new ArrayList<>(cells.values());
    }

    public Cell cell(String hash) {
        return cells.get(hash);
    }

    public List<Cell> with(Status status) {
        return cells.values().stream().filter(c -> c.status() == status).toList();
    }

    /** Runs whose results the report may use: current ones, and stale ones when they are reused. */
    public boolean usable(String hash, boolean reuseStale) {
        Cell c = cells.get(hash);
        return c != null && (c.status() == Status.FINISHED || (reuseStale && c.status() == Status.STALE)
                || (reuseStale && c.status() == Status.RUNNING && !c.changed().isEmpty()));
    }

    /** What this table should start: everything not finished and not running elsewhere (stale unless reused). */
    public List<PlannedRun> todo(boolean reuseStale, TableOptions.Shard shard) {
        List<PlannedRun> out = new ArrayList<>();
        int index = 0;
        for (Cell c : cells.values()) {
            boolean inShard = shard == null || shard.contains(index);
            index++;
            boolean wanted = switch (c.status()) {
                case MISSING, FAILED -> true;
                case STALE -> !reuseStale;
                case FINISHED, RUNNING -> false;
            };
            if (wanted && inShard) {
                out.add(c.run());
            }
        }
        return out;
    }

    /** {@code 4 finished, 1 stale, 2 running elsewhere, 1 failed, 0 missing}. */
    public String counts() {
        StringBuilder sb = new StringBuilder();
        for (Status s : Status.values()) {
            int n = with(s).size();
            if (n > 0 || s == Status.FINISHED) {
                sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ')
                        .append(s == Status.RUNNING ? "running elsewhere" : s.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return sb.toString();
    }
}
