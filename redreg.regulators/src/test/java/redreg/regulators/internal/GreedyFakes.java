package redreg.regulators.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.CurationSwitch;
import redreg.api.DataPart;
import redreg.api.FeatureSet;
import redreg.api.Fusion;
import redreg.api.ModelFork;
import redreg.api.ParameterSnapshot;
import redreg.api.TrainingContext;
import redreg.api.nn.Param;

/** A curation switch with settable bypass groups, and a context offering it (Greedy's tests). */
final class GreedyFakes {
    private GreedyFakes() {
    }

    /** A fusion that only records the curated branch; its bypass groups are set by the test. */
    static final class Switch implements Fusion, CurationSwitch {
        final List<String> modalities;
        final Map<String, List<Param>> bypass = new LinkedHashMap<>();
        String curated;

        Switch(List<String> modalities) {
            this.modalities = modalities;
        }

        @Override
        public List<Param> parameters() {
            return List.of();
        }

        @Override
        public INDArray forward(List<INDArray> features, boolean training) {
            throw new UnsupportedOperationException("a fake fusion");
        }

        @Override
        public List<INDArray> backward(INDArray logitGradient) {
            throw new UnsupportedOperationException("a fake fusion");
        }

        @Override
        public void curate(String modality) {
            curated = modality;
        }

        @Override
        public Optional<String> curated() {
            return Optional.ofNullable(curated);
        }

        @Override
        public List<Param> bypassParameters(String modality) {
            return bypass.get(modality);
        }
    }

    /** FakeStep's context, plus a fusion and empty head parameters (the heads' share is in the encoders' maps). */
    static TrainingContext context(List<String> modalities, Fusion fusion, int[] epoch) {
        TrainingContext base = FakeStep.context(modalities, Map.of(), 10, 5, 7, epoch);
        return new TrainingContext() {
            @Override
            public Fusion fusion() {
                return fusion;
            }

            @Override
            public Map<String, INDArray> headParameters(String modality) {
                return Map.of();
            }

            @Override
            public List<String> modalities() {
                return base.modalities();
            }

            @Override
            public int numClasses() {
                return base.numClasses();
            }

            @Override
            public int epoch() {
                return base.epoch();
            }

            @Override
            public int epochs() {
                return base.epochs();
            }

            @Override
            public int stepInEpoch() {
                return base.stepInEpoch();
            }

            @Override
            public int stepsPerEpoch() {
                return base.stepsPerEpoch();
            }

            @Override
            public long seed() {
                return base.seed();
            }

            @Override
            public void diagnostic(String name, double value) {
            }

            @Override
            public long seed(String stream) {
                return base.seed(stream);
            }

            @Override
            public int size(DataPart part) {
                return base.size(part);
            }

            @Override
            public FeatureSet features(DataPart part, double fraction, String stream) {
                return base.features(part, fraction, stream);
            }

            @Override
            public Map<String, INDArray> parameters(String modality) {
                return base.parameters(modality);
            }

            @Override
            public ParameterSnapshot snapshot(String modality) {
                return base.snapshot(modality);
            }

            @Override
            public void blend(ParameterSnapshot snapshot, double alpha) {
                base.blend(snapshot, alpha);
            }

            @Override
            public ModelFork fork() {
                return base.fork();
            }
        };
    }
}
