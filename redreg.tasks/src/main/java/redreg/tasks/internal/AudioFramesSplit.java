package redreg.tasks.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Batch;
import redreg.api.DataSplit;
import redreg.tasks.internal.io.Frames;

/**
 * An audio-visual split whose frames are decoded per batch: audio [1, H, W] from {@code audio}, visual
 * [3·T, S, S] from T frames chosen by {@code sampler} (frames stacked along the channels, frame-major).
 */
final class AudioFramesSplit implements DataSplit {

    /** Picks T frame indices among {@code count} frames (sorted by name); {@code random} is null at evaluation. */
    interface FrameSampler {
        int[] pick(int count, boolean training, Random random);
    }

    private final String audioName;
    private final String visualName;
    private final long[] audioShape;
    private final IntFunction<float[]> audio;
    private final List<List<Path>> frames;
    private final int[] labels;
    private final int t;
    private final int size;
    private final FrameSampler sampler;

    AudioFramesSplit(String audioName, String visualName, long[] audioShape, IntFunction<float[]> audio,
                     List<List<Path>> frames, int[] labels, int t, int size, FrameSampler sampler) {
        this.audioName = audioName;
        this.visualName = visualName;
        this.audioShape = audioShape;
        this.audio = audio;
        this.frames = frames;
        this.labels = labels;
        this.t = t;
        this.size = size;
        this.sampler = sampler;
    }

    long[] visualShape() {
        return new long[] {3L * t, size, size};
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public Batch batch(int[] indices, boolean training, Random random) {
        int n = indices.length;
        int[] y = new int[n];
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        if (audioName != null) {
            int a = (int) (audioShape[0] * audioShape[1] * audioShape[2]);
            float[] buf = new float[n * a];
            for (int i = 0; i < n; i++) {
                System.arraycopy(audio.apply(indices[i]), 0, buf, i * a, a);
            }
            inputs.put(audioName, toNd4j(buf, n, audioShape));
        }
        if (visualName != null) {
            int per = 3 * size * size;
            float[] buf = new float[n * t * per];
            for (int i = 0; i < n; i++) {
                List<Path> f = frames.get(indices[i]);
                int[] pick = sampler.pick(f.size(), training, training ? random : null);
                for (int k = 0; k < t; k++) {
                    Frames.frame(f.get(pick[k]), size, training, random, buf, (i * t + k) * per);
                }
            }
            inputs.put(visualName, toNd4j(buf, n, visualShape()));
        }
        for (int i = 0; i < n; i++) {
            y[i] = labels[indices[i]];
        }
        return new Batch(inputs, y);
    }

    private static INDArray toNd4j(float[] buf, int n, long[] sample) {
        long[] shape = new long[sample.length + 1];
        shape[0] = n;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        INDArray a = Nd4j.create(buf, shape, 'c');
        return a.dataType() == Nd4j.defaultFloatingPointType() ? a : a.castTo(Nd4j.defaultFloatingPointType());
    }
}
