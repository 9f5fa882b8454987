package redreg.api;

import java.nio.charset.StandardCharsets;
import redreg.api.stability.Experimental;

/**
 * Every random stream of a run, derived from the run's seed by name, in one place. The first streams keep the
 * formulas they had before this class existed, so runs repeat across versions; newer streams mix the seed with
 * the stream's name (SplitMix64 over the name's bytes), so adding a stream never shifts another. Public so that a
 * test kit's fake context derives a plug-in's streams ({@link #plugin}) exactly as a run does.
 */
@Experimental(since = "0.1", why = "issue 18: public since the test kit derives streams with it; the legacy streams may be retired")
public final class Seeds {
    private final long seed;

    public Seeds(long seed) {
        this.seed = seed;
    }

    public long run() {
        return seed;
    }

    /** Weight initialisation of the i-th modality's encoder. */
    public long encoder(int index) {
        return seed * 31 + index;
    }

    /** Weight initialisation of the fusion block. */
    public long fusion() {
        return seed + 7;
    }

    /** Weight initialisation of the unimodal heads. */
    public long heads() {
        return seed + 13;
    }

    /** Batch order and train-time augmentation. */
    public long shuffle() {
        return seed + 1;
    }

    /** Input noise of the redundancy probes in the diagnostics. */
    public long probes() {
        return seed * 1_000_003L + 97;
    }

    /**
     * A plug-in's own stream ({@code TrainingContext.seed(name)}). The streams that plug-ins drew from the run's seed
     * before they asked for one by name keep their old formula here, {@code seed * 1_000_003 + offset}, so that their
     * runs repeat bit for bit; every other name is {@link #named} under {@code plugin:}.
     */
    public long plugin(String stream) {
        Long offset = LEGACY_PLUGIN_STREAMS.get(stream);
        return offset != null ? seed * 1_000_003L + offset : named("plugin:" + stream);
    }

    /** The legacy plug-in streams: name → offset (RedReg's probe noise and modality dropout, OGM-GE's noise). */
    private static final java.util.Map<String, Long> LEGACY_PLUGIN_STREAMS = java.util.Map.of(
            "redreg.probeNoise", 17L, "redreg.dropout", 29L, "ogm-ge.noise", 41L);

    /**
     * The unimodal heads' initial weights, as the model has always drawn them: {@code new Random(heads() ^
     * 0x5DEECE66D)}. XOR with java.util.Random's own scramble constant starts the generator in state
     * {@code heads()} itself; kept (a legacy stream) so the heads' weights stay bit-identical.
     */
    public java.util.Random headWeights() {
        return new java.util.Random(heads() ^ 0x5DEECE66DL);
    }

    /** For weights overwritten right after they are made (a model copy's heads take the original's values). */
    public static java.util.Random overwritten() {
        return new java.util.Random(0);
    }

    /** Any other stream, by name: the validation carve, feature samples, forks, plug-ins' own streams. */
    public long named(String stream) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        return h;
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
