package redreg.tasks.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import redreg.api.ConfigException;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.BasicPlugin;
import redreg.api.TaskContext;
import redreg.api.TaskProvider;
import redreg.api.Tasks;
import redreg.tasks.KineticsSoundsConfig;
import redreg.tasks.internal.io.Frames;
import redreg.tasks.internal.io.Lists;
import redreg.tasks.internal.io.Npy;

/**
 * {@code kinetics-sounds}: every file is validated at load time (spectrogram header and length, frame markers);
 * spectrograms and frames are read per batch (the full dataset does not fit in memory).
 */
public final class KineticsSoundsTask extends LoadedTask<AudioFramesSplit> {
    static final int FRAMES = 3;

    private final long[] audioShape;

    KineticsSoundsTask(KineticsSoundsConfig c, TaskContext context) {
        if (c.path() == null || c.path().isBlank()) {
            throw ConfigException.at("path", "expected the Kinetics-Sounds folder (holding " + c.trainList()
                    + ", " + c.trainAudio() + "/ and " + c.trainFrames() + "/)");
        }
        Path root = context.resolve(c.path());
        if (!Files.isDirectory(root)) {
            throw new ConfigException(root + ": dataset folder not found (expected " + c.trainList() + ", "
                    + c.trainAudio() + "/ and " + c.trainFrames() + "/)");
        }
        for (int k = 0; k < c.classes(); k++) {
            classes.add("class" + k);
        }
        this.audioShape = new long[] {1, c.specShape().get(0), c.specShape().get(1)};
        this.train = load(c, root, c.trainList(), c.trainAudio(), c.trainFrames(), "train", context);
        this.test = load(c, root, c.testList(), c.testAudio(), c.testFrames(), "test", context);
        if (c.modalities().contains("audio")) {
            modalities.add(new ModalitySpec("audio", audioShape));
        }
        if (c.modalities().contains("visual")) {
            modalities.add(new ModalitySpec("visual", train.visualShape()));
        }
    }

    private AudioFramesSplit load(KineticsSoundsConfig c, Path root, String list, String audioDir, String framesDir,
                                  String split, TaskContext context) {
        Path listFile = root.resolve(list);
        BadSamples bad = new BadSamples("kinetics-sounds", c.skipBadSamples(), context);
        boolean audio = c.modalities().contains("audio");
        boolean visual = c.modalities().contains("visual");
        List<Lists.Row> rows = Lists.read(context.read(listFile), "one clip a line: name ... label", false);
        List<Path> specs = new ArrayList<>();
        List<List<Path>> frames = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Lists.Row r : rows) {
            String where = listFile + " line " + r.line();
            String name = r.fields().get(0);
            int y;
            try {
                y = Integer.parseInt(r.fields().get(r.fields().size() - 1));
            } catch (NumberFormatException e) {
                bad.bad(where + ": expected an integer class label last, got '" + r.fields().get(r.fields().size() - 1)
                        + "'");
                continue;
            }
            if (r.fields().size() < 2 || y < 0 || y >= c.classes()) {
                bad.bad(where + ": label " + y + " is outside the class list (expected 0.." + (c.classes() - 1) + ")");
                continue;
            }
            Path spec = root.resolve(audioDir).resolve(name + ".npy");
            if (audio) {
                try {
                    Npy.header(spec).expect("a fbank spectrogram", "f", c.specShape().get(0), c.specShape().get(1));
                } catch (ConfigException e) {
                    bad.bad(e.getMessage());
                    continue;
                }
            }
            List<Path> jpgs = List.of();
            if (visual) {
                Path dir = root.resolve(framesDir).resolve(name);
                jpgs = Lists.jpegs(dir);
                if (jpgs.size() <= FRAMES) {
                    bad.bad(dir + ": expected more than " + FRAMES + " JPEG frames for " + where + ", found "
                            + jpgs.size());
                    continue;
                }
                String broken = Frames.firstBroken(jpgs);
                if (broken != null) {
                    bad.bad(broken);
                    continue;
                }
            }
            // the run reads them (spectrograms and frames are decoded batch by batch)
            specs.add(audio ? context.read(spec) : spec);
            jpgs.forEach(context::read);
            frames.add(jpgs);
            labels.add(y);
        }
        report(bad, split, rows.size());
        if (labels.isEmpty()) {
            throw new ConfigException(listFile + ": empty split (no usable clips; expected 'name ... label' lines with"
                    + " their spectrogram and frames)");
        }
        return new AudioFramesSplit(audio ? "audio" : null, visual ? "visual" : null, audioShape,
                i -> Npy.read(specs.get(i)).floats(), frames, labels.stream().mapToInt(Integer::intValue).toArray(),
                FRAMES, c.imageSize(), KineticsSoundsTask::sampleFrames);
    }

    /**
     * The reference's segment sampling over {@code count} frames (frame_0000{t}.jpg, t from 1): three segments of
     * count/3 frames; training draws t uniformly in each segment (capped at 9), evaluation takes the segment's
     * middle; clips of at most 6 frames use the first frame. Returns 0-based positions in the sorted frame list.
     */
    static int[] sampleFrames(int count, boolean training, Random random) {
        int seg = count / FRAMES;
        int[] pick = new int[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            int t;
            if (count <= 6) {
                t = 1;
            } else if (training && random != null) {
                t = Math.min(9, i * seg + 1 + random.nextInt(seg));
            } else {
                t = i * seg + Math.max(seg / 2, 1);
            }
            pick[i] = Math.min(count, t) - 1;
        }
        return pick;
    }

    /** Registered as {@code kinetics-sounds}. */
    public static final class Provider extends BasicPlugin<KineticsSoundsConfig> implements TaskProvider<KineticsSoundsConfig> {
        public Provider() {
            super("kinetics-sounds", "Kinetics-Sounds (list files, .npy fbank 1024x128, 1 fps frames, 3 segment-sampled frames)",
                    KineticsSoundsConfig.class, KineticsSoundsConfig::defaults);
        }

        @Override
        public Task create(KineticsSoundsConfig config, TaskContext context) {
            return Tasks.prepare(new KineticsSoundsTask(config, context), null, config.standardize());
        }
    }
}
