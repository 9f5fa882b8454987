package redreg.api.internal.engine.runfiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redreg.api.EpochMetrics;
import redreg.api.TrainingListener;

/** Writes a run folder's progress files: metrics.csv and diagnostics.csv (appended per epoch) and run.log. */
public final class RunFilesListener implements TrainingListener {
    private final RunFiles files;
    private final CsvLog metrics;
    private final CsvLog diagnostics;
    private final List<Map<String, Object>> pending = new ArrayList<>();

    public RunFilesListener(RunFiles files) {
        this.files = files;
        this.metrics = new CsvLog(files, "metrics.csv");
        this.diagnostics = new CsvLog(files, "diagnostics.csv");
    }

    @Override
    public void onStep(Step step) {
        if (!step.diagnostics().isEmpty()) {
            pending.add(step.diagnostics());
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", e.epoch());
        row.put("trainLoss", e.trainLoss());
        row.put("lr", e.lr());
        row.putAll(e.metrics());
        row.put("seconds", e.seconds());
        metrics.append(List.of(row));
        diagnostics.append(pending);
        pending.clear();
    }

    /** A fresh run in this folder: the progress files of an earlier run here are removed (the log is kept). */
    public void startFresh() {
        metrics.startFresh();
        diagnostics.startFresh();
        pending.clear();
    }

    /** For a checkpoint (between epochs): how far each progress file is. */
    public void save(redreg.api.PluginState s) {
        metrics.save(s.child("metrics"));
        diagnostics.save(s.child("diagnostics"));
    }

    /**
     * A run resumed from a checkpoint: the CSV files cut back to what {@link #save} saw (run.log keeps every line,
     * the interrupted attempt's included: it is a log).
     */
    public void resumeFrom(redreg.api.PluginState s) {
        metrics.resumeFrom(s.getChild("metrics"));
        diagnostics.resumeFrom(s.getChild("diagnostics"));
        pending.clear();
    }

    @Override
    public void onMessage(String line) {
        files.log(line);
    }
}
