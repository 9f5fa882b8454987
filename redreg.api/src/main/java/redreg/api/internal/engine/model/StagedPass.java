package redreg.api.internal.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ConfigException;
import redreg.api.MidFusion;

/**
 * The encoders of every modality run together with a {@link MidFusion}: forward stage by stage (stage s of every
 * encoder, then the block if it fuses after s), the heads giving z_m; backward in reverse, the block's
 * {@link MidFusion#backwardStage} between stages. What {@link EncoderNet#forward}/{@link EncoderNet#backward} are
 * for one encoder without mid-fusion.
 */
public final class StagedPass {
    private final List<StagedEncoder> encoders;
    private final MidFusion mid;
    private final Set<Integer> fused;
    private final int stages;

    /** @param encoders in modality order */
    public StagedPass(List<StagedEncoder> encoders, MidFusion mid) {
        this.encoders = List.copyOf(encoders);
        this.mid = mid;
        this.fused = new TreeSet<>(mid.stages());
        this.stages = encoders.stream().mapToInt(StagedEncoder::stages).max().orElse(0);
        int fewest = encoders.stream().mapToInt(StagedEncoder::stages).min().orElse(0);
        for (int s : fused) {
            if (s < 0 || s >= fewest) {
                throw new ConfigException("fusion: fuses after stage " + s + " but the encoders have " + fewest
                        + " stages in common (0.." + (fewest - 1) + ")");
            }
        }
    }

    /** Training-mode (or not) forward of every encoder with the block in between; returns z_m in modality order. */
    public List<INDArray> forward(List<INDArray> inputs, boolean train) {
        return run(inputs, train, true);
    }

    /** No-grad forward (evaluation, feature passes): the same fused path through DL4J's output(). */
    public List<INDArray> encode(List<INDArray> inputs, boolean train) {
        return run(inputs, train, false);
    }

    private List<INDArray> run(List<INDArray> inputs, boolean train, boolean keepForBackward) {
        List<INDArray> maps = new ArrayList<>(inputs);
        for (int s = 0; s < stages; s++) {
            for (int i = 0; i < encoders.size(); i++) {
                StagedEncoder e = encoders.get(i);
                if (s < e.stages()) {
                    maps.set(i, keepForBackward ? e.forwardStage(s, maps.get(i), train)
                            : e.encodeStage(s, maps.get(i), train));
                }
            }
            if (fused.contains(s)) {
                // A no-grad pass tells the block it is not training, so it keeps its running state as it is.
                maps = new ArrayList<>(mid.forwardStage(s, maps, train && keepForBackward));
            }
        }
        List<INDArray> z = new ArrayList<>();
        for (int i = 0; i < encoders.size(); i++) {
            StagedEncoder e = encoders.get(i);
            z.add(keepForBackward ? e.forwardHead(maps.get(i), train) : e.encodeStage(e.stages(), maps.get(i), train));
        }
        return z;
    }

    /** Back-propagates dL/dz_m (modality order) through the last {@link #forward}: encoder and block gradients. */
    public void backward(List<INDArray> featureGradients) {
        List<INDArray> grads = new ArrayList<>();
        for (int i = 0; i < encoders.size(); i++) {
            grads.add(encoders.get(i).backwardHead(featureGradients.get(i)));
        }
        for (int s = stages - 1; s >= 0; s--) {
            if (fused.contains(s)) {
                grads = new ArrayList<>(mid.backwardStage(s, grads));
            }
            for (int i = 0; i < encoders.size(); i++) {
                StagedEncoder e = encoders.get(i);
                if (s < e.stages()) {
                    grads.set(i, e.backwardStage(s, grads.get(i)));
                }
            }
        }
    }
}
