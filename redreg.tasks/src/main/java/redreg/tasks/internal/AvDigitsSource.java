package redreg.tasks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import redreg.api.ConfigException;
import redreg.tasks.internal.io.Npy;

/**
 * av-digits' data as it ships: the embedded resource {@code redreg/tasks/avdigits/} (built by
 * {@code redreg.tasks/scripts/build-av-digits.sh}) read and decoded — MNIST digits with their labels and splits,
 * the spoken-digit PCM with its clip table, and each speaker's split.
 */
final class AvDigitsSource {
    static final String RESOURCE = "/redreg/tasks/avdigits/";
    /** The resource's files, in the order their hashes enter the feature cache's key. */
    static final List<String> FILES = List.of("images.npy.gz", "images-meta.npy", "audio.npy", "clips.npy",
            "speakers.tsv");

    /**
     * @param pixels       28×28 uint8 images, row-major, one after another
     * @param meta         per image: label, split (0 train, 1 test)
     * @param pcm          8 kHz 16-bit audio of every clip, concatenated
     * @param clips        per clip: offset, length, digit, speaker
     * @param speakerSplit per speaker: "train" or "test"
     */
    record Decoded(byte[] pixels, long[] meta, short[] pcm, long[] clips, List<String> speakerSplit) {
    }

    private AvDigitsSource() {
    }

    /** The raw bytes of every file. */
    static Map<String, byte[]> raw() {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        for (String f : FILES) {
            raw.put(f, resource(f));
        }
        return raw;
    }

    private static byte[] resource(String name) {
        try (InputStream in = AvDigitsSource.class.getResourceAsStream(RESOURCE + name)) {
            if (in == null) {
                throw new ConfigException("av-digits: the embedded resource " + RESOURCE + name
                        + " is missing from the redreg.tasks jar (rebuild with redreg.tasks/scripts/build-av-digits.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ConfigException("av-digits: cannot read the embedded resource " + RESOURCE + name + ": " + e);
        }
    }

    static Decoded decode(Map<String, byte[]> raw) {
        Npy.Array images;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw.get("images.npy.gz")))) {
            images = Npy.read(in, RESOURCE + "images.npy.gz").expect("MNIST images", "u", -1, 28, 28);
        } catch (IOException e) {
            throw new ConfigException(RESOURCE + "images.npy.gz: corrupt gzip stream: " + e.getMessage());
        }
        long[] meta = Npy.parse(raw.get("images-meta.npy"), RESOURCE + "images-meta.npy")
                .expect("image labels and splits", "u", images.shape()[0], 2).longs();
        short[] pcm = shorts(Npy.parse(raw.get("audio.npy"), RESOURCE + "audio.npy").expect("PCM", "i", -1).longs());
        long[] clips = Npy.parse(raw.get("clips.npy"), RESOURCE + "clips.npy").expect("clip table", "i", -1, 4).longs();
        List<String> speakerSplit = new ArrayList<>();
        String[] lines = new String(raw.get("speakers.tsv"), StandardCharsets.UTF_8).split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                speakerSplit.add(lines[i].split("\t")[1]);
            }
        }
        byte[] pixels = new byte[(int) images.size()];
        images.data().get(0, pixels);
        return new Decoded(pixels, meta, pcm, clips, speakerSplit);
    }

    private static short[] shorts(long[] v) {
        short[] s = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = (short) v[i];
        }
        return s;
    }
}
