package redreg.tasks.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import redreg.api.ConfigException;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.BasicPlugin;
import redreg.api.TaskContext;
import redreg.api.TaskProvider;
import redreg.api.Tasks;
import redreg.tasks.CremaDConfig;
import redreg.tasks.internal.audio.Resample;
import redreg.tasks.internal.audio.Spectrogram;
import redreg.tasks.internal.io.Frames;
import redreg.tasks.internal.io.Lists;
import redreg.tasks.internal.io.Npy;
import redreg.tasks.internal.io.Wav;

/** {@code crema-d}: the published layout, the reference spectrogram, frames decoded per batch. */
public final class CremaDTask extends LoadedTask<AudioFramesSplit> {
    static final List<String> CLASSES = List.of("NEU", "HAP", "SAD", "FEA", "DIS", "ANG");
    static final int RATE = 22050;
    static final int SAMPLES = 66150;
    static final int N_FFT = 512;
    static final int HOP = 353;
    static final long[] AUDIO_SHAPE = {1, 257, 188};
    static final int FEATURE_VERSION = 1;

    CremaDTask(CremaDConfig c, TaskContext context) {
        classes.addAll(CLASSES);
        if (c.path() == null || c.path().isBlank()) {
            throw ConfigException.at("path", "expected the CREMA-D folder (holding train.csv, test.csv, "
                    + c.audioDir() + "/ and Image-" + String.format("%02d", c.fps()) + "-FPS/)");
        }
        Path root = context.resolve(c.path());
        if (!Files.isDirectory(root)) {
            throw new ConfigException(root + ": dataset folder not found (expected train.csv, test.csv, "
                    + c.audioDir() + "/ and Image-" + String.format("%02d", c.fps()) + "-FPS/)");
        }
        boolean audio = c.modalities().contains("audio");
        boolean visual = c.modalities().contains("visual");
        this.train = load(c, root, c.trainList(), "train", context);
        this.test = load(c, root, c.testList(), "test", context);
        if (audio) {
            modalities.add(new ModalitySpec("audio", AUDIO_SHAPE));
        }
        if (visual) {
            modalities.add(new ModalitySpec("visual", train.visualShape()));
        }
    }

    private AudioFramesSplit load(CremaDConfig c, Path root, String list, String split, TaskContext context) {
        Path listFile = root.resolve(list);
        BadSamples bad = new BadSamples("crema-d", c.skipBadSamples(), context);
        boolean audio = c.modalities().contains("audio");
        boolean visual = c.modalities().contains("visual");
        Path framesRoot = root.resolve(String.format("Image-%02d-FPS", c.fps()));
        List<Lists.Row> rows = Lists.read(context.read(listFile), "clip,EMO rows", true);
        List<Path> wavs = new ArrayList<>();
        List<List<Path>> frames = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Lists.Row r : rows) {
            String where = listFile + " line " + r.line();
            if (r.fields().size() != 2) {
                bad.bad(where + ": expected 2 fields clip,EMO, got " + r.fields().size() + ": '"
                        + String.join(",", r.fields()) + "'");
                continue;
            }
            String clip = r.fields().get(0);
            int y = CLASSES.indexOf(r.fields().get(1));
            if (y < 0) {
                bad.bad(where + ": label '" + r.fields().get(1) + "' is not one of NEU, HAP, SAD, FEA, DIS, ANG");
                continue;
            }
            Path wav = root.resolve(c.audioDir()).resolve(clip + ".wav");
            if (audio && !Files.isRegularFile(wav)) {
                bad.bad(wav + ": file not found (expected the audio of " + where + ")");
                continue;
            }
            List<Path> jpgs = List.of();
            if (visual) {
                Path dir = framesRoot.resolve(clip);
                jpgs = Lists.jpegs(dir);
                if (jpgs.size() < c.frames()) {
                    bad.bad(dir + ": expected at least " + c.frames() + " JPEG frame" + (c.frames() == 1 ? "" : "s")
                            + " for " + where + ", found " + jpgs.size());
                    continue;
                }
                String broken = Frames.firstBroken(jpgs);
                if (broken != null) {
                    bad.bad(broken);
                    continue;
                }
            }
            wavs.add(wav);
            jpgs.forEach(context::read); // decoded batch by batch during the run
            frames.add(jpgs);
            labels.add(y);
        }
        float[][] specs = audio ? spectrograms(c, wavs, bad, context, split) : null;
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (specs == null || specs[i] != null) {
                keep.add(i);
            }
        }
        report(bad, split, rows.size());
        if (keep.isEmpty()) {
            throw new ConfigException(listFile + ": empty split (no usable clips; expected clip,EMO rows with their"
                    + " audio and frames)");
        }
        int[] y = keep.stream().mapToInt(labels::get).toArray();
        List<List<Path>> f = keep.stream().map(frames::get).toList();
        float[][] kept = specs == null ? null : keep.stream().map(i -> specs[i]).toArray(float[][]::new);
        return new AudioFramesSplit(audio ? "audio" : null, visual ? "visual" : null, AUDIO_SHAPE,
                i -> kept[i], f, y, c.frames(), c.imageSize(),
                (count, training, random) -> sampleFrames(count, c.frames(), training, random));
    }

    /** Random distinct frames in temporal order at training; evenly spaced at evaluation. */
    static int[] sampleFrames(int count, int t, boolean training, Random random) {
        int[] pick = new int[t];
        if (training && random != null) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(i);
            }
            java.util.Collections.shuffle(all, random);
            List<Integer> chosen = new ArrayList<>(all.subList(0, t));
            java.util.Collections.sort(chosen);
            for (int k = 0; k < t; k++) {
                pick[k] = chosen.get(k);
            }
        } else {
            for (int k = 0; k < t; k++) {
                pick[k] = (int) Math.floor((k + 0.5) * count / t);
            }
        }
        return pick;
    }

    /** The spectrogram of every clip (null where a WAV is bad and skipped), from the cache when possible. */
    private float[][] spectrograms(CremaDConfig c, List<Path> wavs, BadSamples bad, TaskContext context,
                                   String split) {
        StringBuilder key = new StringBuilder("crema-d v" + FEATURE_VERSION + " pad=" + c.stftPad() + "\n");
        for (Path w : wavs) {
            try {
                key.append(w.toAbsolutePath()).append(' ').append(Files.size(w)).append(' ')
                        .append(Files.getLastModifiedTime(w).toMillis()).append('\n');
            } catch (IOException e) {
                key.append(w).append(" ?\n");
            }
        }
        FeatureCache cache = new FeatureCache(context, "crema-d", key.toString());
        long start = System.nanoTime();
        if (c.cache()) {
            Map<String, Npy.Array> hit = cache.load(List.of("audio"));
            if (hit != null && hit.get("audio").shape()[0] == wavs.size()) {
                float[] all = hit.get("audio").floats();
                int per = 257 * 188;
                float[][] out = new float[wavs.size()][];
                for (int i = 0; i < out.length; i++) {
                    out[i] = java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per);
                }
                context.progress(String.format(java.util.Locale.ROOT, "crema-d: %s spectrograms loaded from cache in %.2f s",
                        split, (System.nanoTime() - start) / 1e9));
                return out;
            }
        }
        Spectrogram.Pad pad = c.stftPad().equals("reflect") ? Spectrogram.Pad.REFLECT : Spectrogram.Pad.CONSTANT;
        float[][] out = new float[wavs.size()][];
        boolean allGood = true;
        for (int i = 0; i < wavs.size(); i++) {
            try {
                Wav.Audio a = Wav.read(context.read(wavs.get(i)));
                out[i] = spectrogram(a.samples(), a.sampleRate(), pad);
            } catch (ConfigException e) {
                bad.bad(e.getMessage());
                allGood = false;
            }
        }
        context.progress(String.format(java.util.Locale.ROOT, "crema-d: %s spectrograms computed in %.2f s", split,
                (System.nanoTime() - start) / 1e9));
        if (c.cache() && allGood && out.length > 0) {
            cache.store(Map.of("audio", Tensor.stack(out, AUDIO_SHAPE)));
        }
        return out;
    }

    /**
     * The reference spectrogram: resample to 22050 Hz, tile ×3, the first 66150 samples (zero-padded when the
     * tiled clip is shorter), clip to [−1, 1], |STFT| (n_fft 512, hop 353), log(|S| + 1e−7) → [257 × 188].
     */
    static float[] spectrogram(float[] samples, int rate, Spectrogram.Pad pad) {
        double[] x = new double[samples.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = samples[i];
        }
        double[] y = Resample.rate(x, rate, RATE);
        double[] tiled = new double[SAMPLES];
        int n = Math.min(SAMPLES, 3 * y.length);
        for (int i = 0; i < n; i++) {
            tiled[i] = Math.max(-1.0, Math.min(1.0, y[i % y.length]));
        }
        double[][] mag = Spectrogram.magnitude(tiled, N_FFT, HOP, pad);
        float[] out = new float[257 * 188];
        for (int f = 0; f < 257; f++) {
            for (int t = 0; t < 188; t++) {
                out[f * 188 + t] = (float) Math.log(mag[f][t] + 1e-7);
            }
        }
        return out;
    }

    /** Registered as {@code crema-d}. */
    public static final class Provider extends BasicPlugin<CremaDConfig> implements TaskProvider<CremaDConfig> {
        public Provider() {
            super("crema-d", "CREMA-D (train.csv/test.csv, AudioWAV, Image-0N-FPS): reference spectrogram + frames, 6 emotions",
                    CremaDConfig.class, CremaDConfig::defaults);
        }

        @Override
        public Task create(CremaDConfig config, TaskContext context) {
            return Tasks.prepare(new CremaDTask(config, context), null, config.standardize());
        }
    }
}
