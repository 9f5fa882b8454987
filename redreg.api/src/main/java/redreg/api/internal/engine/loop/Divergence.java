package redreg.api.internal.engine.loop;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ModalityStep;
import redreg.api.StepView;

/** Names what blew up in a step whose loss is not finite, so a diverged run says where to look. */
final class Divergence {
    private Divergence() {
    }

    /** " (non-finite gradient of audio)" or " (non-finite features of visual)" — or "" when nothing stands out. */
    static String culprit(StepView view, String firstNonFiniteGradient) {
        if (firstNonFiniteGradient != null) {
            return " (first non-finite gradient: " + firstNonFiniteGradient + ")";
        }
        List<String> gradients = new ArrayList<>();
        List<String> features = new ArrayList<>();
        for (String name : view.modalities()) {
            ModalityStep m = view.modality(name);
            if (!finite(m.features())) {
                features.add(name);
            }
            for (INDArray g : m.gradients().values()) {
                if (!finite(g)) {
                    gradients.add(name);
                    break;
                }
            }
        }
        if (!features.isEmpty()) {
            return " (non-finite features of " + String.join(", ", features) + ")";
        }
        if (!gradients.isEmpty()) {
            return " (non-finite gradient of " + String.join(", ", gradients) + ")";
        }
        return "";
    }

    /** NaN and ±∞ propagate into the sum, so a finite sum means finite entries (bar an overflow of huge ones). */
    private static boolean finite(INDArray a) {
        return Double.isFinite(a.sumNumber().doubleValue());
    }
}
