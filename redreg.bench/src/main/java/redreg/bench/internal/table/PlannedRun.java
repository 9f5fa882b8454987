package redreg.bench.internal.table;

import java.util.List;
import redreg.api.experiment.Experiment;

/** One cell run of a table: its row, column group, seed, overrides and the resolved experiment. */
public record PlannedRun(String row, String column, long seed, List<String> overrides, Experiment experiment) {

    public String hash() {
        return experiment.hash();
    }
}
