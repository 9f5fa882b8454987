package redreg.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.CurationSwitch;
import redreg.api.Fusion;
import redreg.api.nn.Param;

/**
 * A fusion block for a {@link TestContext}, for regulators that look at the run's fusion rather than run it:
 * {@link #plain()} is one of no particular kind, {@link #curationSwitch()} a {@link CurationSwitch} (what Greedy
 * steers) whose bypass parameters the test sets and which records the curated branch. Neither runs a forward.
 */
public class TestFusion implements Fusion {
    private final List<Param> parameters;

    private TestFusion(List<Param> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /** A fusion that offers nothing but the given parameters. */
    public static TestFusion plain(Param... parameters) {
        return new TestFusion(List.of(parameters));
    }

    public static Switch curationSwitch() {
        return new Switch();
    }

    @Override
    public List<Param> parameters() {
        return parameters;
    }

    @Override
    public INDArray forward(List<INDArray> features, boolean training) {
        throw new UnsupportedOperationException("a TestFusion runs no forward");
    }

    @Override
    public List<INDArray> backward(INDArray logitGradient) {
        throw new UnsupportedOperationException("a TestFusion runs no backward");
    }

    /** A fusion with a curation switch: bypass parameters per modality as set, the curated branch recorded. */
    public static final class Switch extends TestFusion implements CurationSwitch {
        private final Map<String, List<Param>> bypass = new LinkedHashMap<>();
        private String curated;

        private Switch() {
            super(List.of());
        }

        /** The parameters (values and gradients) of {@code modality}'s bypass path from now on. */
        public Switch bypass(String modality, List<Param> parameters) {
            bypass.put(modality, List.copyOf(parameters));
            return this;
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
            List<Param> p = bypass.get(modality);
            if (p == null) {
                throw new IllegalStateException("TestFusion.Switch was given no bypass parameters of '" + modality + "'");
            }
            return p;
        }
    }
}
