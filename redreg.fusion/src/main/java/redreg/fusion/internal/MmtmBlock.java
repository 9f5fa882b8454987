package redreg.fusion.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.nn.Linear;
import redreg.api.nn.Param;

/**
 * One MMTM block (the official {@code MMTM} module of Greedy, generalised to M branches):
 * s_m = spatial mean of X_m; h = ReLU(W_sq [s_1; …; s_M] + b_sq); e_m = σ(W_m h + b_m); Y_m = X_m ⊙ g_m, where
 * g_m = e_m, or, for a curated branch, its running average r_m broadcast over the batch (no gradient: e_m's layer
 * learns nothing from a curated forward). r_m is the cumulative mean of the batch-mean of e_m over training
 * forwards (the official code also folds in evaluation forwards and feeds branch 1's mean with branch 0's
 * excitation; neither is copied).
 */
final class MmtmBlock {
    private final Linear squeeze;
    private final List<Linear> excite = new ArrayList<>();
    private final INDArray[] running;
    private long forwards;
    // Kept by forward for backward.
    private List<INDArray> lastMaps;
    private INDArray lastSqueezed;
    private INDArray lastHiddenPre;
    private final List<INDArray> lastExcitation = new ArrayList<>();
    private int lastCurated = -1;

    MmtmBlock(String name, List<String> modalities, List<Integer> channels, int ratio, DataType type, Random random) {
        int total = channels.stream().mapToInt(Integer::intValue).sum();
        int hidden = Math.max(1, 2 * total / ratio);
        this.squeeze = new Linear(name + ".squeeze", total, hidden, type, random);
        this.running = new INDArray[channels.size()];
        for (int m = 0; m < channels.size(); m++) {
            excite.add(new Linear(name + "." + modalities.get(m), hidden, channels.get(m), type, random));
            running[m] = Nd4j.zeros(type, 1, channels.get(m));
        }
    }

    List<Param> parameters() {
        List<Param> out = new ArrayList<>(squeeze.parameters());
        excite.forEach(e -> out.addAll(e.parameters()));
        return out;
    }

    List<Param> squeezeParameters() {
        return squeeze.parameters();
    }

    List<Param> excitationParameters(int modality) {
        return excite.get(modality).parameters();
    }

    /** The running averages and their count (the block's state outside its parameters). */
    void save(redreg.api.PluginState state) {
        state.putLong("forwards", forwards);
        for (int m = 0; m < running.length; m++) {
            state.putArray("running." + m, running[m]);
        }
    }

    void restore(redreg.api.PluginState state) {
        forwards = state.getLong("forwards");
        for (int m = 0; m < running.length; m++) {
            running[m] = state.array("running." + m);
        }
    }

    /** The running average excitation r_m, [1, C_m] (a copy). */
    INDArray runningAverage(int modality) {
        return running[modality].dup();
    }

    /**
     * @param curated the branch using r_m instead of e_m, or -1
     * @param updateRunning whether this forward counts towards r_m (training forwards)
     */
    List<INDArray> forward(List<INDArray> maps, int curated, boolean updateRunning) {
        List<INDArray> squeezed = new ArrayList<>();
        for (INDArray x : maps) {
            squeezed.add(squeezeOf(x));
        }
        lastMaps = maps;
        lastSqueezed = Nd4j.hstack(squeezed.toArray(new INDArray[0]));
        lastHiddenPre = squeeze.forward(lastSqueezed);
        INDArray hidden = Transforms.relu(lastHiddenPre, true);
        lastExcitation.clear();
        for (int m = 0; m < maps.size(); m++) {
            lastExcitation.add(Transforms.sigmoid(excite.get(m).forward(hidden), true));
        }
        if (updateRunning) {
            // Cumulative mean over forwards: r ← (mean_b e + n·r) / (n + 1), detached.
            for (int m = 0; m < maps.size(); m++) {
                running[m] = lastExcitation.get(m).mean(true, 0).addi(running[m].mul(forwards)).divi(forwards + 1);
            }
            forwards++;
        }
        lastCurated = curated;
        List<INDArray> out = new ArrayList<>();
        for (int m = 0; m < maps.size(); m++) {
            out.add(scale(maps.get(m), gate(m)));
        }
        return out;
    }

    /** The excitation applied to branch m in the last forward, [B, C_m]. */
    private INDArray gate(int m) {
        INDArray e = lastExcitation.get(m);
        return m == lastCurated ? running[m].broadcast(e.shape()) : e;
    }

    /** dL/dY_m → dL/dX_m; assigns the block's parameter gradients (each parameter is written once per backward). */
    List<INDArray> backward(List<INDArray> outputGradients) {
        int modalities = lastMaps.size();
        List<INDArray> dMaps = new ArrayList<>();
        INDArray dHidden = null;
        for (int m = 0; m < modalities; m++) {
            INDArray x = lastMaps.get(m);
            INDArray dy = outputGradients.get(m);
            dMaps.add(scale(dy, gate(m)));
            INDArray dExcite;
            if (m == lastCurated) {
                dExcite = lastExcitation.get(m).mul(0.0);
            } else {
                INDArray e = lastExcitation.get(m);
                INDArray dGate = spatialSum(dy.mul(x));
                dExcite = dGate.muli(e).muli(e.rsub(1.0));
            }
            INDArray dh = excite.get(m).backward(dExcite);
            dHidden = dHidden == null ? dh : dHidden.addi(dh);
        }
        INDArray dHiddenPre = dHidden.muli(lastHiddenPre.gt(0.0).castTo(dHidden.dataType()));
        INDArray dSqueezed = squeeze.backward(dHiddenPre);
        long offset = 0;
        for (int m = 0; m < modalities; m++) {
            INDArray x = lastMaps.get(m);
            long c = x.size(1);
            INDArray ds = dSqueezed.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + c));
            offset += c;
            double cells = x.length() / (double) (x.size(0) * c);
            dMaps.get(m).addi(scale(Nd4j.onesLike(x), ds.div(cells)));
        }
        return dMaps;
    }

    /** The spatial mean of a [B, C, …] map: [B, C] (a [B, C] map is its own squeeze). */
    static INDArray squeezeOf(INDArray x) {
        return x.rank() == 2 ? x.dup() : x.reshape('c', x.size(0), x.size(1), -1).mean(2);
    }

    private static INDArray spatialSum(INDArray x) {
        return x.rank() == 2 ? x : x.reshape('c', x.size(0), x.size(1), -1).sum(2);
    }

    /** x ⊙ g with g [B, C] broadcast over the trailing axes of x [B, C, …]. */
    private static INDArray scale(INDArray x, INDArray g) {
        if (x.rank() == 2) {
            return x.mul(g);
        }
        long[] shape = new long[x.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = g.size(0);
        shape[1] = g.size(1);
        return x.mul(g.reshape('c', shape).broadcast(x.shape()));
    }
}
