package redreg.tasks.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import redreg.tasks.AvDigitsConfig;
import redreg.tasks.internal.audio.Spectrogram;

/**
 * av-digits' feature building: each image paired with a spoken clip of its digit (and a typo'd word), degraded as
 * the config says (image noise and occlusion, audio SNR, typo rate) and turned into the modalities' features,
 * standardised with the training split's statistics.
 */
final class AvDigitsFeatures {
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

    private AvDigitsFeatures() {
    }

    static long[] sampleShape(String modality, AvDigitsConfig c) {
        return switch (modality) {
            case "audio" -> c.audioLayout().equals("image") ? new long[] {1, c.melBins(), FRAMES}
                    : new long[] {FRAMES, c.melBins()};
            case "visual" -> new long[] {1, c.imageSize(), c.imageSize()};
            default -> new long[] {TEXT_LENGTH, TEXT_SYMBOLS};
        };
    }

    /** Pairs, degrades and featurises both splits. */
    static Map<String, Object> build(AvDigitsConfig c, AvDigitsSource.Decoded data) {
        byte[] pixels = data.pixels();
        long[] meta = data.meta();
        short[] pcm = data.pcm();
        long[] clips = data.clips();
        List<String> speakerSplit = data.speakerSplit();

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
}
