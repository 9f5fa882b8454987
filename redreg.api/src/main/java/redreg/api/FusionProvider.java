package redreg.api;

import redreg.api.stability.Stable;

/** A service that creates the fusion block and fused head; {@code provides redreg.api.FusionProvider with …}. */
@Stable(since = "0.1")
public interface FusionProvider<C extends Record> extends Plugin<C> {

    /** Builds the block for the given modalities; a config naming an unknown modality throws {@link ConfigException}. */
    Fusion create(C config, FusionContext context);
}
