package redreg.tasks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import redreg.api.ConfigException;
import redreg.api.DataSplit;
import redreg.api.InMemorySplit;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.TaskContext;
import redreg.api.TaskProvider;
import redreg.api.Tasks;
import redreg.tasks.AvDigitsConfig;
import redreg.tasks.internal.audio.Spectrogram;
import redreg.tasks.internal.io.Npy;

/**
 * av-digits: the embedded resource ({@code redreg/tasks/avdigits/}, built by
 * {@code redreg.tasks/scripts/build-av-digits.sh}) paired, degraded and turned into features at load time; the
 * features are cached under the task context's cache directory.
 */
public final class AvDigitsTask implements Task {
    static final String RESOURCE = "/redreg/tasks/avdigits/";
    static final int RATE = 8000;
    static final int WINDOW = 6400;   // 0.8 s
    static final int N_FFT = 256;
    static final int HOP = 128;
    static final int FRAMES = 1 + WINDOW / HOP;
    static final int TEXT_LENGTH = 12;
    static final int TEXT_SYMBOLS = 26;
    /** Bumped whenever the feature computation changes (part of the cache key). */
    static final int FEATURE_VERSION = 1;

    static final String[][] WORDS = {
        {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"},      // en
        {"null", "eins", "zwei", "drei", "vier", "fuenf", "sechs", "sieben", "acht", "neun"},  // de
        {"zero", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"},      // fr
        {"cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"},   // es
        {"zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"},    // it
        {"nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"},       // nl
        {"zero", "um", "dois", "tres", "quatro", "cinco", "seis", "sete", "oito", "nove"},     // pt
        {"noll", "ett", "tva", "tre", "fyra", "fem", "sex", "sju", "atta", "nio"},             // sv
    };

    private final List<ModalitySpec> modalities = new ArrayList<>();
    private final List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private final InMemorySplit train;
    private final InMemorySplit test;
    /** How the features were obtained, for the run log and the docs: "built in … s" or "loaded from cache in … s". */
    private final String loadReport;

    AvDigitsTask(AvDigitsConfig c, TaskContext context) {
        long start = System.nanoTime();
        Map<String, byte[]> raw = new LinkedHashMap<>();
        for (String f : List.of("images.npy.gz", "images-meta.npy", "audio.npy", "clips.npy", "speakers.tsv")) {
            raw.put(f, resource(f));
        }
        for (String m : c.modalities()) {
            modalities.add(new ModalitySpec(m, sampleShape(m, c)));
        }
        StringBuilder key = new StringBuilder("av-digits v" + FEATURE_VERSION + "\n" + new AvDigitsConfig(c.modalities(), c.trainSize(), c.testSize(), c.dataSeed(), c.imageSize(),
                c.imageNoise(), c.occlusion(), c.audioSnrDb(), c.melBins(), c.audioLayout(), c.textTypoRate(), true, false)
                + (c.noise().isEmpty() ? "" : "noise " + c.noise()) + "\n");
        raw.values().forEach(b -> key.append(FeatureCache.sha256(b)).append('\n'));
        FeatureCache cache = new FeatureCache(context, "av-digits", key.toString());
        List<String> names = new ArrayList<>();
        for (String split : List.of("train", "test")) {
            names.add(split + "-labels");
            c.modalities().forEach(m -> names.add(split + "-" + m));
        }
        Map<String, Npy.Array> cached = c.cache() ? cache.load(names) : null;
        Map<String, Object> arrays = new LinkedHashMap<>();
        if (cached != null) {
            cached.forEach((k, v) -> arrays.put(k, k.endsWith("-labels") ? FeatureCache.labels(v) : FeatureCache.tensor(v)));
            loadReport = String.format("av-digits: features loaded from cache %s in %.2f s", cache.dir(),
                    (System.nanoTime() - start) / 1e9);
        } else {
            arrays.putAll(build(c, raw));
            if (c.cache()) {
                cache.store(arrays);
            }
            loadReport = String.format("av-digits: features built in %.2f s%s", (System.nanoTime() - start) / 1e9,
                    c.cache() ? " (cached in " + cache.dir() + ")" : "");
        }
        context.progress(loadReport);
        this.train = split(arrays, "train", c);
        this.test = split(arrays, "test", c);
    }

    public String loadReport() {
        return loadReport;
    }

    private static InMemorySplit split(Map<String, Object> arrays, String split, AvDigitsConfig c) {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> features = new LinkedHashMap<>();
        for (String m : c.modalities()) {
            features.put(m, ((Tensor) arrays.get(split + "-" + m)).toNd4j());
        }
        return new InMemorySplit(features, (int[]) arrays.get(split + "-labels"));
    }

    static long[] sampleShape(String modality, AvDigitsConfig c) {
        return switch (modality) {
            case "audio" -> c.audioLayout().equals("image") ? new long[] {1, c.melBins(), FRAMES}
                    : new long[] {FRAMES, c.melBins()};
            case "visual" -> new long[] {1, c.imageSize(), c.imageSize()};
            default -> new long[] {TEXT_LENGTH, TEXT_SYMBOLS};
        };
    }

    private static byte[] resource(String name) {
        try (InputStream in = AvDigitsTask.class.getResourceAsStream(RESOURCE + name)) {
            if (in == null) {
                throw new ConfigException("av-digits: the embedded resource " + RESOURCE + name
                        + " is missing from the redreg.tasks jar (rebuild with redreg.tasks/scripts/build-av-digits.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ConfigException("av-digits: cannot read the embedded resource " + RESOURCE + name + ": " + e);
        }
    }

    /** Pairs, degrades and featurises both splits. */
    static Map<String, Object> build(AvDigitsConfig c, Map<String, byte[]> raw) {
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

        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, float[]> stats = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            int splitCode = split.equals("train") ? 0 : 1;
            int n = split.equals("train") ? c.trainSize() : c.testSize();
            List<Integer> pool = new ArrayList<>();
            for (int i = 0; i < meta.length / 2; i++) {
                if (meta[2 * i + 1] == splitCode) {
                    pool.add(i);
                }
            }
            List<List<Integer>> clipsByClass = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                clipsByClass.add(new ArrayList<>());
            }
            for (int j = 0; j < clips.length / 4; j++) {
                if (speakerSplit.get((int) clips[4 * j + 3]).equals(split)) {
                    clipsByClass.get((int) clips[4 * j + 2]).add(j);
                }
            }
            Random random = new Random(c.dataSeed() * 1_000_003L + splitCode);
            java.util.Collections.shuffle(pool, random);
            int[] labels = new int[n];
            float[][] audio = new float[n][];
            float[][] visual = new float[n][];
            float[][] text = new float[n][];
            for (int i = 0; i < n; i++) {
                int img = pool.get(i % pool.size());
                int y = (int) meta[2 * img];
                labels[i] = y;
                // every draw happens for every modality, so switching modalities on or off changes no pair
                List<Integer> candidates = clipsByClass.get(y);
                int clip = candidates.get(random.nextInt(candidates.size()));
                long audioSeed = random.nextLong();
                long imageSeed = random.nextLong();
                long textSeed = random.nextLong();
                if (c.modalities().contains("audio")) {
                    audio[i] = audioFeatures(pcm, (int) clips[4 * clip], (int) clips[4 * clip + 1], c, new Random(audioSeed));
                }
                if (c.modalities().contains("visual")) {
                    visual[i] = imageFeatures(pixels, img, c, new Random(imageSeed));
                }
                if (c.modalities().contains("text")) {
                    Random r = new Random(textSeed);
                    // a random digit's word: drawn after the seed, so the other draws do not move
                    text[i] = textFeatures(c.noise().contains("text") ? r.nextInt(10) : y, c.textTypoRate(), r);
                }
            }
            out.put(split + "-labels", labels);
            for (String m : c.modalities()) {
                float[][] per = m.equals("audio") ? audio : m.equals("visual") ? visual : text;
                Tensor t = Tensor.stack(per, sampleShape(m, c));
                if (!m.equals("text")) {
                    // one scalar mean and standard deviation per modality, from the training split
                    float[] ms = stats.computeIfAbsent(m, k -> meanStd(t.data()));
                    standardise(t.data(), ms[0], ms[1]);
                }
                out.put(split + "-" + m, t);
            }
        }
        return out;
    }

    private static short[] shorts(long[] v) {
        short[] s = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = (short) v[i];
        }
        return s;
    }

    /** The clip centred in a 0.8 s window, white noise at the configured SNR, log-mel [melBins × 51] or [51 × melBins]. */
    static float[] audioFeatures(short[] pcm, int offset, int length, AvDigitsConfig c, Random random) {
        float[] window = new float[WINDOW];
        int take = Math.min(length, WINDOW);
        int srcStart = offset + (length - take) / 2;
        int dstStart = (WINDOW - take) / 2;
        double power = 0;
        for (int i = 0; i < take; i++) {
            float v = pcm[srcStart + i] / 32768f;
            window[dstStart + i] = v;
            power += v * v;
        }
        power /= Math.max(1, take);
        double sigma = Math.sqrt(power / Math.pow(10, c.audioSnrDb() / 10));
        if (c.noise().contains("audio")) {
            java.util.Arrays.fill(window, 0f); // no signal: white noise of the clip's own power
            sigma = Math.sqrt(power);
        }
        for (int i = 0; i < WINDOW; i++) {
            window[i] += (float) (sigma * random.nextGaussian());
        }
        double[][] mel = Spectrogram.logMel(window, RATE, N_FFT, HOP, c.melBins(), 1e-6);
        boolean image = c.audioLayout().equals("image");
        float[] out = new float[c.melBins() * FRAMES];
        for (int m = 0; m < c.melBins(); m++) {
            for (int t = 0; t < FRAMES; t++) {
                out[image ? m * FRAMES + t : t * c.melBins() + m] = (float) mel[m][t];
            }
        }
        return out;
    }

    /** 28×28 → imageSize×imageSize (area average), a black occluding square, Gaussian pixel noise. */
    static float[] imageFeatures(byte[] pixels, int index, AvDigitsConfig c, Random random) {
        int s = c.imageSize();
        float[] out = new float[s * s];
        int base = index * 28 * 28;
        for (int y = 0; y < s; y++) {
            double y0 = y * 28.0 / s;
            double y1 = (y + 1) * 28.0 / s;
            for (int x = 0; x < s; x++) {
                double x0 = x * 28.0 / s;
                double x1 = (x + 1) * 28.0 / s;
                double acc = 0;
                for (int py = (int) y0; py < Math.ceil(y1); py++) {
                    double wy = Math.min(y1, py + 1) - Math.max(y0, py);
                    for (int px = (int) x0; px < Math.ceil(x1); px++) {
                        double wx = Math.min(x1, px + 1) - Math.max(x0, px);
                        acc += wy * wx * (pixels[base + py * 28 + px] & 0xFF) / 255.0;
                    }
                }
                out[y * s + x] = (float) (acc / ((y1 - y0) * (x1 - x0)));
            }
        }
        int side = (int) Math.round(c.occlusion() * s);
        if (side > 0) {
            int oy = random.nextInt(s - side + 1);
            int ox = random.nextInt(s - side + 1);
            for (int y = oy; y < oy + side; y++) {
                for (int x = ox; x < ox + side; x++) {
                    out[y * s + x] = 0;
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (c.imageNoise() * random.nextGaussian());
        }
        if (c.noise().contains("visual")) {
            // no signal: Gaussian noise with the image's own mean and standard deviation
            float[] ms = meanStd(out);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (ms[0] + ms[1] * random.nextGaussian());
            }
        }
        return out;
    }

    /** The digit's word in a random language, with typos, one-hot [12, 26] (rows past the word are zero). */
    static float[] textFeatures(int digit, double typoRate, Random random) {
        String word = WORDS[random.nextInt(WORDS.length)][digit];
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char ch = word.charAt(i);
            if (random.nextDouble() >= typoRate) {
                b.append(ch);
                continue;
            }
            switch (random.nextInt(4)) {
                case 0 -> b.append((char) ('a' + random.nextInt(26)));           // substitution
                case 1 -> { }                                                     // deletion
                case 2 -> b.append(ch).append((char) ('a' + random.nextInt(26))); // insertion
                default -> {                                                      // swap with the next letter
                    if (i + 1 < word.length()) {
                        b.append(word.charAt(i + 1)).append(ch);
                        i++;
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        float[] out = new float[TEXT_LENGTH * TEXT_SYMBOLS];
        for (int t = 0; t < Math.min(TEXT_LENGTH, b.length()); t++) {
            out[t * TEXT_SYMBOLS + (b.charAt(t) - 'a')] = 1f;
        }
        return out;
    }

    static float[] meanStd(float[] v) {
        double sum = 0;
        double sq = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / v.length;
        double std = Math.sqrt(Math.max(1e-12, sq / v.length - mean * mean));
        return new float[] {(float) mean, (float) std};
    }

    static void standardise(float[] v, float mean, float std) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (v[i] - mean) / std;
        }
    }

    @Override
    public List<ModalitySpec> modalities() {
        return modalities;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public DataSplit train() {
        return train;
    }

    @Override
    public DataSplit test() {
        return test;
    }

    /** Registered as {@code av-digits}. */
    public static final class Provider implements TaskProvider<AvDigitsConfig> {
        @Override
        public String name() {
            return "av-digits";
        }

        @Override
        public String description() {
            return "embedded real data: MNIST digit + spoken digit (+ typo'd word), degradable; audio dominates";
        }

        @Override
        public Class<AvDigitsConfig> configType() {
            return AvDigitsConfig.class;
        }

        @Override
        public AvDigitsConfig defaults() {
            return AvDigitsConfig.defaults();
        }

        @Override
        public Task create(AvDigitsConfig config, TaskContext context) {
            return Tasks.prepare(new AvDigitsTask(config, context), null, config.standardize());
        }
    }
}
