package redreg.api.internal.engine;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import redreg.api.EpochMetrics;

/** A progress bar with ETA over all training steps, one line per epoch in the log and on the terminal. */
public final class ConsoleObserver implements redreg.api.TrainingListener {
    private final String name;
    private final boolean bar;
    private final RunFiles files;
    private final PrintStream out;
    private ProgressBar progress;

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
            progress = new ProgressBarBuilder().setTaskName(name).setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        }
    }

    @Override
    public void onStep(Step step) {
        if (progress != null) {
            progress.step();
            progress.setExtraMessage(String.format(Locale.ROOT, "epoch %d loss %.3f", step.epoch(), step.loss()));
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        String line = format(m);
        files.log(line);
        if (progress == null) {
            out.println(line);
        } else {
            progress.setExtraMessage(String.format(Locale.ROOT, "epoch %d acc %.3f", m.epoch(),
                    m.metrics().get("accuracy")));
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
