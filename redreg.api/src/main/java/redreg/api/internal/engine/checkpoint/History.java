package redreg.api.internal.engine.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redreg.api.EpochMetrics;
import redreg.api.PluginState;

/** The epochs of a run so far in a checkpoint: each epoch's numbers exactly, its metrics in their order. */
public final class History {
    private History() {
    }

    public static void save(List<EpochMetrics> history, PluginState s) {
        s.putInt("size", history.size());
        for (int i = 0; i < history.size(); i++) {
            EpochMetrics e = history.get(i);
            PluginState one = s.child(String.valueOf(i));
            one.putInt("epoch", e.epoch()).putDouble("trainLoss", e.trainLoss()).putDouble("lr", e.lr())
                    .putDouble("seconds", e.seconds());
            PluginState metrics = one.child("metrics");
            e.metrics().forEach(metrics::putDouble);
        }
    }

    public static List<EpochMetrics> restore(PluginState s) {
        List<EpochMetrics> out = new ArrayList<>();
        for (int i = 0; i < s.getInt("size"); i++) {
            PluginState one = s.getChild(String.valueOf(i));
            PluginState m = one.getChild("metrics");
            Map<String, Double> metrics = new LinkedHashMap<>();
            m.keys().forEach(k -> metrics.put(k, m.getDouble(k)));
            out.add(new EpochMetrics(one.getInt("epoch"), one.getDouble("trainLoss"), metrics, one.getDouble("lr"),
                    one.getDouble("seconds")));
        }
        return out;
    }
}
