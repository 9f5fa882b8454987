package redreg.regulators.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.ForwardPass;
import redreg.api.LossControl;
import redreg.api.LossWeights;
import redreg.api.ModalityStep;
import redreg.api.PassSpec;
import redreg.api.StepView;
import redreg.api.TrainingContext;

/**
 * A step (both its loss-shaping and its after-backward view) and a training context built from fixed arrays, for
 * checking regulators against independent values. Extra passes return the logits given per zeroed set and record
 * what is back-propagated through them.
 */
final class FakeStep implements StepView, LossControl {
    final Map<String, Modality> modalities = new LinkedHashMap<>();
    final Map<String, Double> diagnostics = new LinkedHashMap<>();
    int[] labels;
    int epoch;
    int epochs;
    int stepInEpoch;
    int stepsPerEpoch;
    long seed;
    boolean unimodal;
    int fusedCalls;
    INDArray fusedLogits;
    double fusedWeight = 1;
    final Map<String, Double> unimodalWeights = new LinkedHashMap<>();
    final Map<String, Term> terms = new LinkedHashMap<>();
    final Map<Set<String>, INDArray> passLogits = new LinkedHashMap<>();
    /** Logits of train-mode passes by zeroed set, where they differ from {@link #passLogits}' (eval-mode) ones. */
    final Map<Set<String>, INDArray> trainPassLogits = new LinkedHashMap<>();
    final Map<Set<String>, INDArray> backwards = new LinkedHashMap<>();
    /** Whether each back-propagated pass ran in train mode. */
    final Map<Set<String>, Boolean> backwardModes = new LinkedHashMap<>();
    final List<PassSpec> passes = new ArrayList<>();
    Map<String, INDArray> fusion = Map.of();

    /** A loss term added in {@link #addTerm}. */
    record Term(double value, Map<String, INDArray> featureGradients) {
    }

    static final class Modality implements ModalityStep {
        final String name;
        INDArray input;
        INDArray features;
        INDArray probabilities;
        /** The head's logits; when unset, log-probabilities stand in. */
        INDArray logits;
        INDArray encoder;
        int[] labels;
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        Map<String, INDArray> fused = new LinkedHashMap<>();
        Map<String, INDArray> parameters = new LinkedHashMap<>();
        /** Per-loss gradients by part name (the fused part falls back to {@link #fused}). */
        Map<String, Map<String, INDArray>> parts = new LinkedHashMap<>();
        FakeStep owner;

        Modality(String name) {
            this.name = name;
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
            return logits != null ? logits : Transforms.log(probabilities, true);
        }

        @Override
        public INDArray probabilities() {
            return probabilities;
        }

        @Override
        public INDArray trueClassProbabilities() {
            double[] v = new double[labels.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = probabilities.getDouble(i, labels[i]);
            }
            return Nd4j.createFromArray(v);
        }

        @Override
        public Map<String, INDArray> gradients() {
            return gradients;
        }

        @Override
        public Map<String, INDArray> fusedLossGradients() {
            owner.fusedCalls++;
            return fused;
        }

        @Override
        public Map<String, INDArray> parameters() {
            return parameters;
        }

        @Override
        public List<String> losses() {
            return owner.unimodal ? List.of(redreg.api.LossControl.FUSED, redreg.api.LossControl.UNIMODAL)
                    : List.of(redreg.api.LossControl.FUSED);
        }

        @Override
        public Map<String, INDArray> lossGradients(String loss) {
            if (parts.containsKey(loss)) {
                return parts.get(loss);
            }
            if (loss.equals(redreg.api.LossControl.FUSED)) {
                return fusedLossGradients();
            }
            throw new UnsupportedOperationException("FakeStep has no part " + loss);
        }

        @Override
        public Map<String, INDArray> headGradients() {
            return Map.of();
        }

        /** The fake encoder: z = tanh(x E). */
        @Override
        public INDArray encode(INDArray x, boolean trainMode) {
            return Transforms.tanh(x.castTo(DataType.DOUBLE).mmul(encoder), true);
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
        return (long) epoch * stepsPerEpoch + stepInEpoch;
    }

    @Override
    public List<String> modalities() {
        return List.copyOf(modalities.keySet());
    }

    @Override
    public ModalityStep modality(String name) {
        return modalities.get(name);
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int numClasses() {
        return (int) modalities.values().iterator().next().probabilities.size(1);
    }

    @Override
    public INDArray fusedProbabilities() {
        return fusedLogits != null ? Transforms.softmax(fusedLogits, true)
                : modalities.values().iterator().next().probabilities;
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
        diagnostics.put(name, value);
    }

    @Override
    public INDArray fusedLogits() {
        return fusedLogits != null ? fusedLogits : Transforms.log(fusedProbabilities(), true);
    }

    @Override
    public ForwardPass pass(PassSpec spec) {
        passes.add(spec);
        INDArray logits = spec.trainMode() && trainPassLogits.containsKey(spec.zeroed())
                ? trainPassLogits.get(spec.zeroed()) : passLogits.get(spec.zeroed());
        if (logits == null) {
            throw new UnsupportedOperationException("FakeStep has no pass with " + spec.zeroed() + " zeroed");
        }
        return new ForwardPass() {
            @Override
            public PassSpec spec() {
                return spec;
            }

            @Override
            public INDArray fusedLogits() {
                return logits;
            }

            @Override
            public INDArray features(String modality) {
                throw new UnsupportedOperationException("FakeStep passes have logits only");
            }

            @Override
            public INDArray logits(String modality) {
                throw new UnsupportedOperationException("FakeStep passes have logits only");
            }

            @Override
            public void backward(INDArray fusedLogitGradient) {
                if (!spec.kept()) {
                    throw new IllegalStateException("backward of a pass that was not kept");
                }
                backwards.merge(spec.zeroed(), fusedLogitGradient.dup(), INDArray::add);
                backwardModes.put(spec.zeroed(), spec.trainMode());
            }
        };
    }

    @Override
    public double fusedWeight() {
        return fusedWeight;
    }

    @Override
    public void setFusedWeight(double weight) {
        fusedWeight = weight;
    }

    @Override
    public double unimodalWeight(String modality) {
        return unimodalWeights.getOrDefault(modality, unimodal ? 1.0 : 0.0);
    }

    @Override
    public void setUnimodalWeight(String modality, double weight) {
        unimodalWeights.put(modality, weight);
    }

    @Override
    public void addTerm(String name, double value, Map<String, INDArray> featureGradients) {
        if (terms.containsKey(name) || name.equals(FUSED) || name.equals(UNIMODAL)) {
            throw new IllegalArgumentException("term name taken: " + name);
        }
        terms.put(name, new Term(value, Map.copyOf(featureGradients)));
    }

    @Override
    public LossWeights lossWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        modalities.keySet().forEach(m -> w.put(m, unimodalWeight(m)));
        return new LossWeights(fusedWeight, w);
    }

    @Override
    public double loss() {
        return 0;
    }

    @Override
    public Map<String, INDArray> fusionGradients() {
        return fusion;
    }

    /** A context whose parameters are the given live maps. */
    static TrainingContext context(List<String> modalities, Map<String, Map<String, INDArray>> live, int epochs,
                                   int stepsPerEpoch, long seed, int[] epoch) {
        return new FakeContext(modalities, live, epochs, stepsPerEpoch, seed, epoch);
    }
}
