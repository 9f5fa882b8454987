package redreg.api.internal.engine;

import java.nio.charset.StandardCharsets;

/**
 * Every random stream of a run, derived from the run's seed by name, in one place. The first streams keep the
 * formulas they had before this class existed, so runs repeat across versions; newer streams mix the seed with
 * the stream's name (SplitMix64 over the name's bytes), so adding a stream never shifts another.
 */
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
