package redreg.api;

import redreg.api.stability.Stable;

/** A service that creates {@link Regulator}s; registered with {@code provides redreg.api.RegulatorProvider with …}. */
@Stable(since = "0.1")
public interface RegulatorProvider<C extends Record> extends Plugin<C> {

    /** A fresh regulator for one run (regulators keep per-run state). */
    Regulator create(C config);
}
