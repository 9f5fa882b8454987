package redreg.api;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Stable;

/**
 * What a regulator may see and do outside a step (the epoch-boundary hooks): the run's shape, the live
 * parameters, no-grad passes over the data, parameter snapshots and blends, and forks for nested training.
 */
@Stable(since = "0.1")
public interface TrainingContext extends Clock {

    List<String> modalities();

    int numClasses();

    /** The run's seed: derive the regulator's own random streams from it ({@link #seed(String)}) so runs repeat. */
    long seed();

    /** A seed of its own for a named random stream of the plug-in, derived from the run's seed. */
    long seed(String stream);

    /** Samples in a part of the data ({@link DataPart#VALIDATION} is 0 without {@code training.validation}). */
    int size(DataPart part);

    /**
     * Eval-mode, no-grad pass over {@code fraction} (0, 1] of a part of the data: a seeded sample (the same for the
     * same {@code epoch}, {@code stream} and seed), returning every sample's features, head logits and fused logits.
     * The test split is deliberately not offered.
     */
    FeatureSet features(DataPart part, double fraction, String stream);

    /** Live views of a modality's trainable encoder parameters by name: copy them to keep a snapshot. */
    Map<String, INDArray> parameters(String modality);

    /** Copies of a modality's trainable encoder parameters (batch-norm running statistics excluded). */
    ParameterSnapshot snapshot(String modality);

    /** {@code θ ← α·θ_snapshot + (1 − α)·θ} for every trainable parameter of the snapshot's encoder; α in [0, 1]. */
    void blend(ParameterSnapshot snapshot, double alpha);

    /** {@code θ ← θ_snapshot} (a blend with α = 1). */
    default void restore(ParameterSnapshot snapshot) {
        blend(snapshot, 1.0);
    }

    /**
     * The run's fusion block with its fused head, for a regulator that steers a fusion of its kind (Greedy finds the
     * {@link CurationSwitch} of {@code mmtm} here). The engine's context offers it; the default is for test fakes.
     */
    default Fusion fusion() {
        throw new UnsupportedOperationException("this training context offers no fusion");
    }

    /** Live views of a modality head's parameters (weight then bias) by name, read only (the engine offers them). */
    default Map<String, INDArray> headParameters(String modality) {
        throw new UnsupportedOperationException("this training context offers no head parameters");
    }

    /**
     * Records a named per-epoch scalar (Re-learning's α per modality, say): it lands as a column of the run's
     * {@code metrics.csv} for the current epoch (the last value recorded from {@code onEpochStart} to
     * {@code onEpochEnd}), and in the epoch's metrics that listeners see.
     */
    void diagnostic(String name, double value);

    /**
     * A copy of the whole model (encoders, fusion, heads, batch-norm statistics) with a copy of the optimizer's
     * state, for nested training that leaves this run untouched (G-Blending's weight estimation).
     */
    ModelFork fork();

    /**
     * Freezes encoder {@code modality} from the next step on: the optimizer leaves its trainable parameters alone (no
     * update, no weight decay, its momentum kept), whatever gradients the step computes (a linear probe's frozen
     * encoders). Its forward is unchanged (train mode: batch statistics, running statistics still updated).
     */
    default void freeze(String modality) {
        throw new UnsupportedOperationException("this training context cannot freeze encoders");
    }

    /**
     * Re-initialises the fusion block with its fused head (fresh weights from a seed of its own, as at the run's start)
     * and clears their optimizer state (a linear probe's new head).
     */
    default void resetFusion() {
        throw new UnsupportedOperationException("this training context cannot reset the fusion");
    }
}
