package redreg.api.internal.engine.runfiles;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import redreg.api.EpochMetrics;

/**
 * A progress bar with ETA over all training steps, one line per epoch in the log and on the terminal. The bar
 * itself is a {@link ProgressDisplay} the command line provides; without one (a library user) the epoch lines
 * go to {@code out}.
 */
public final class ConsoleObserver implements redreg.api.TrainingListener {
    private final String name;
    private final boolean bar;
    private final RunFiles files;
    private final PrintStream out;
    private ProgressDisplay progress;

    public ConsoleObserver(String name, boolean bar, RunFiles files, PrintStream out) {
        this.name = name;
        this.bar = bar;
        this.files = files;
        this.out = out;
    }

    @Override
    public void onRunStart(RunStart run) {
        long totalSteps = run.totalSteps();
        if (bar && System.console() != null) {
            progress = ServiceLoader.load(ProgressDisplay.class, ConsoleObserver.class.getClassLoader()).findFirst()
                    .map(d -> d.start(name, totalSteps)).orElse(null);
        }
    }

    @Override
    public void onStep(Step step) {
        if (progress != null) {
            progress.step(String.format(Locale.ROOT, "epoch %d loss %.3f", step.epoch(), step.loss()));
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        String line = format(m);
        files.log(line);
        if (progress == null) {
            out.println(line);
        } else {
            // the objective's primary metric comes first (accuracy, or a regression's mae)
            Map.Entry<String, Double> first = m.metrics().entrySet().iterator().next();
            progress.message(String.format(Locale.ROOT, "epoch %d %s %.3f", m.epoch(),
                    first.getKey().equals("accuracy") ? "acc" : first.getKey(), first.getValue()));
        }
    }

    static String format(EpochMetrics m) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %3d  loss %.4f  lr %.2g", m.epoch(),
                m.trainLoss(), m.lr()));
        for (Map.Entry<String, Double> e : m.metrics().entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %s %.4f", e.getKey(), e.getValue()));
        }
        sb.append(String.format(Locale.ROOT, "  (%.1fs)", m.seconds()));
        return sb.toString();
    }

    @Override
    public void onRunEnd(String diverged) {
        if (progress != null) {
            progress.close();
        }
    }
}
