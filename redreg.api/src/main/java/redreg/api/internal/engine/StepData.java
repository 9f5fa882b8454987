package redreg.api.internal.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ModalityStep;
import redreg.api.StepView;

/** The regulator's view of one step: built by the trainer after backward. */
public final class StepData implements StepView {
    final Map<String, Modality> modalities = new LinkedHashMap<>();
    int epoch;
    int epochs;
    int stepInEpoch;
    int stepsPerEpoch;
    long globalStep;
    int[] labels;
    int numClasses;
    INDArray fusedProbabilities;
    boolean unimodal;
    long seed;
    double loss;
    BiConsumer<String, Double> diagnostics;

    /** Recomputes one encoder's fused-loss gradient (forward + backward) and returns copies. */
    interface FusedGradientSource {
        Map<String, INDArray> compute(String modality);
    }

    FusedGradientSource fusedSource;

    /** The total loss of the step. */
    public double loss() {
        return loss;
    }

    final class Modality implements ModalityStep {
        final String name;
        final EncoderNet encoder;
        INDArray input;
        INDArray features;
        INDArray logits;
        INDArray probabilities;
        INDArray trueClass;
        boolean gradientsHandedOut;
        Map<String, INDArray> fusedCache;

        Modality(String name, EncoderNet encoder) {
            this.name = name;
            this.encoder = encoder;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public INDArray input() {
            return input;
        }

        @Override
        public INDArray features() {
            return features;
        }

        @Override
        public INDArray logits() {
            return logits;
        }

        @Override
        public INDArray probabilities() {
            return probabilities;
        }

        @Override
        public INDArray trueClassProbabilities() {
            return trueClass;
        }

        @Override
        public Map<String, INDArray> gradients() {
            gradientsHandedOut = true;
            return encoder.gradients();
        }

        public Map<String, INDArray> fusedLossGradientsV1() {
            if (fusedCache == null) {
                if (!unimodal && !gradientsHandedOut) {
                    Map<String, INDArray> copy = new LinkedHashMap<>();
                    encoder.gradients().forEach((k, v) -> copy.put(k, v.dup()));
                    fusedCache = Collections.unmodifiableMap(copy);
                } else {
                    fusedCache = fusedSource.compute(name);
                }
            }
            return fusedCache;
        }

        @Override
        public Map<String, INDArray> parameters() {
            return encoder.parameters();
        }

        @Override
        public List<String> losses() {
            throw new IllegalStateException("engine v2 in progress");
        }

        @Override
        public Map<String, INDArray> lossGradients(String loss) {
            throw new IllegalStateException("engine v2 in progress");
        }

        @Override
        public Map<String, INDArray> headGradients() {
            throw new IllegalStateException("engine v2 in progress");
        }

        @Override
        public INDArray encode(INDArray batch, boolean trainMode) {
            return encoder.encode(batch, trainMode);
        }
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public int stepInEpoch() {
        return stepInEpoch;
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public long globalStep() {
        return globalStep;
    }

    @Override
    public List<String> modalities() {
        return List.copyOf(modalities.keySet());
    }

    @Override
    public ModalityStep modality(String name) {
        Modality m = modalities.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no modality '" + name + "'; modalities: " + modalities.keySet());
        }
        return m;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int batchSize() {
        return labels.length;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public INDArray fusedProbabilities() {
        return fusedProbabilities;
    }

    @Override
    public boolean unimodalLosses() {
        return unimodal;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public void diagnostic(String name, double value) {
        diagnostics.accept(name, value);
    }

    // Engine v2 placeholders: replaced by the open step in the next commit.
    @Override
    public INDArray fusedLogits() {
        throw new IllegalStateException("engine v2 in progress");
    }

    @Override
    public redreg.api.ForwardPass pass(redreg.api.PassSpec spec) {
        throw new IllegalStateException("engine v2 in progress");
    }

    @Override
    public redreg.api.LossWeights lossWeights() {
        throw new IllegalStateException("engine v2 in progress");
    }

    @Override
    public Map<String, INDArray> fusionGradients() {
        throw new IllegalStateException("engine v2 in progress");
    }
}
