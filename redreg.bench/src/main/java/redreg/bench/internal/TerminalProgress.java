package redreg.bench.internal;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import redreg.api.internal.engine.runfiles.ProgressDisplay;

/**
 * The run's progress bar with ETA on the terminal (stderr), provided to the engine's console observer through
 * {@code ServiceLoader}: the progress-bar library is the command line's dependency, not redreg.api's.
 */
public final class TerminalProgress implements ProgressDisplay {
    private final ProgressBar bar;

    /** The service factory ({@code ServiceLoader} needs a public no-argument constructor). */
    public TerminalProgress() {
        this.bar = null;
    }

    private TerminalProgress(ProgressBar bar) {
        this.bar = bar;
    }

    @Override
    public ProgressDisplay start(String name, long totalSteps) {
        return new TerminalProgress(new ProgressBarBuilder().setTaskName(name).setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
    }

    @Override
    public void step(String message) {
        bar.step();
        bar.setExtraMessage(message);
    }

    @Override
    public void message(String message) {
        bar.setExtraMessage(message);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
