package redreg.regulators.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.ModalityStep;
import redreg.api.StepView;
import redreg.api.TrainingContext;

/** A step and a training context built from fixed arrays, for checking regulators against independent values. */
final class FakeStep implements StepView {
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

    static final class Modality implements ModalityStep {
        final String name;
        INDArray input;
        INDArray features;
        INDArray probabilities;
        INDArray encoder;
        int[] labels;
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        Map<String, INDArray> fused = new LinkedHashMap<>();
        Map<String, INDArray> parameters = new LinkedHashMap<>();
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
            return Transforms.log(probabilities, true);
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
            if (loss.equals(redreg.api.LossControl.FUSED)) {
                return fusedLossGradients();
            }
            throw new UnsupportedOperationException("FakeStep keeps the fused part only");
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
        return modalities.values().iterator().next().probabilities;
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
        return Transforms.log(fusedProbabilities(), true);
    }

    @Override
    public redreg.api.ForwardPass pass(redreg.api.PassSpec spec) {
        throw new UnsupportedOperationException("FakeStep runs no passes");
    }

    @Override
    public redreg.api.LossWeights lossWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        modalities.keySet().forEach(m -> w.put(m, unimodal ? 1.0 : 0.0));
        return new redreg.api.LossWeights(1.0, w);
    }

    @Override
    public double loss() {
        return 0;
    }

    @Override
    public Map<String, INDArray> fusionGradients() {
        return Map.of();
    }

    /** A context whose parameters are the given live maps. */
    static TrainingContext context(List<String> modalities, Map<String, Map<String, INDArray>> live, int epochs,
                                   int stepsPerEpoch, long seed, int[] epoch) {
        return new TrainingContext() {
            @Override
            public List<String> modalities() {
                return modalities;
            }

            @Override
            public int numClasses() {
                return 3;
            }

            @Override
            public int epoch() {
                return epoch[0];
            }

            @Override
            public int epochs() {
                return epochs;
            }

            @Override
            public int stepsPerEpoch() {
                return stepsPerEpoch;
            }

            @Override
            public long seed() {
                return seed;
            }

            @Override
            public Map<String, INDArray> parameters(String modality) {
                return live.get(modality);
            }

            @Override
            public long seed(String stream) {
                return seed ^ stream.hashCode();
            }

            @Override
            public int size(redreg.api.DataPart part) {
                throw new UnsupportedOperationException("FakeStep has no data");
            }

            @Override
            public redreg.api.FeatureSet features(redreg.api.DataPart part, double fraction, String stream) {
                throw new UnsupportedOperationException("FakeStep has no data");
            }

            @Override
            public redreg.api.ParameterSnapshot snapshot(String modality) {
                throw new UnsupportedOperationException("FakeStep has no snapshots");
            }

            @Override
            public void blend(redreg.api.ParameterSnapshot snapshot, double alpha) {
                throw new UnsupportedOperationException("FakeStep has no snapshots");
            }

            @Override
            public redreg.api.ModelFork fork() {
                throw new UnsupportedOperationException("FakeStep has no model");
            }
        };
    }
}
