package redreg.api;

/** A service that creates {@link Regulator}s; registered with {@code provides redreg.api.RegulatorProvider with …}. */
public interface RegulatorProvider<C extends Record> extends Plugin<C> {

    /** A fresh regulator for one run (regulators keep per-run state). */
    Regulator create(C config);
}
