package redreg.api.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ModalityStep;

/** Per-step rows of {@code diagnostics.csv}: loss, per-modality basics, and whatever the regulator recorded. */
final class StepStats {
    private final boolean enabled;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private Map<String, Object> current;
    private double lastLoss;

    StepStats(boolean enabled) {
        this.enabled = enabled;
    }

    void begin(long step, int epoch, double loss) {
        lastLoss = loss;
        current = new LinkedHashMap<>();
        current.put("step", step);
        current.put("epoch", epoch);
        current.put("loss", loss);
    }

    void put(String name, double value) {
        if (enabled) {
            current.put(name, value);
        }
    }

    void afterRegulate(StepData view) {
        if (!enabled) {
            return;
        }
        for (String m : view.modalities()) {
            ModalityStep s = view.modality(m);
            current.put("p." + m, s.trueClassProbabilities().meanNumber().doubleValue());
            double sq = 0;
            for (INDArray g : s.gradients().values()) {
                double n = g.norm2Number().doubleValue();
                sq += n * n;
            }
            current.put("gradNorm." + m, Math.sqrt(sq));
        }
        rows.add(current);
    }

    double lastLoss() {
        return lastLoss;
    }

    List<Map<String, Object>> rows() {
        return rows;
    }
}
