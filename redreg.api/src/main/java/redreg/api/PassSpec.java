package redreg.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.stability.Experimental;

/**
 * An extra forward pass: which modalities' inputs to replace (by zeros, the convention of every balancing method's
 * code, or by a given tensor), in train or eval mode, and whether to keep it for a backward.
 *
 * <pre>{@code
 * ForwardPass audioOff = step.pass(PassSpec.eval().zero("audio").keep());
 * }</pre>
 *
 * @param zeroed    modalities whose input is replaced by zeros (their encoders still run)
 * @param replaced  modalities whose input is replaced by the given batch (same shape)
 * @param trainMode train mode (batch statistics) or eval mode (running statistics)
 * @param kept      keep what {@link ForwardPass#backward} needs (it is recomputed then; costs one more forward)
 */
@Experimental(since = "0.1", why = "extra passes: no backward with a mid-fusion yet")
public record PassSpec(Set<String> zeroed, Map<String, INDArray> replaced, boolean trainMode, boolean kept) {

    public PassSpec {
        zeroed = Set.copyOf(zeroed);
        replaced = Map.copyOf(replaced);
    }

    public static PassSpec train() {
        return new PassSpec(Set.of(), Map.of(), true, false);
    }

    public static PassSpec eval() {
        return new PassSpec(Set.of(), Map.of(), false, false);
    }

    public PassSpec zero(String... modalities) {
        Set<String> z = new TreeSet<>(zeroed);
        z.addAll(Set.of(modalities));
        return new PassSpec(z, replaced, trainMode, kept);
    }

    public PassSpec replace(String modality, INDArray input) {
        Map<String, INDArray> r = new LinkedHashMap<>(replaced);
        r.put(modality, Objects.requireNonNull(input, "input"));
        return new PassSpec(zeroed, r, trainMode, kept);
    }

    public PassSpec keep() {
        return new PassSpec(zeroed, replaced, trainMode, true);
    }
}
