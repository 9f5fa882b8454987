package redreg.api.internal.engine.runfiles;

/**
 * A terminal progress bar over a run's training steps. redreg.api ships none (a library must not force one on
 * its users): {@link ConsoleObserver} takes the first one {@code ServiceLoader} finds, the command line's
 * ({@code redreg.bench}), and prints plain epoch lines when there is none.
 */
public interface ProgressDisplay extends AutoCloseable {

    /** Starts a bar named {@code name} over {@code totalSteps} steps. */
    ProgressDisplay start(String name, long totalSteps);

    void step(String message);

    void message(String message);

    @Override
    void close();
}
