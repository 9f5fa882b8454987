package redreg.api.internal.engine.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Batch;
import redreg.api.DataSplit;
import redreg.api.Regulator;
import redreg.api.internal.engine.model.MultimodalModel;

/**
 * Metrics of the model on a split, in evaluation mode: fused accuracy and macro-F1, each head's accuracy. The fused
 * prediction is the regulators' test-time rule ({@link Regulator#evaluationLogits}), the fused head's by default.
 */
final class Evaluator {
    private final MultimodalModel model;
    private final int batchSize;
    private final List<Regulator> regulators;

    Evaluator(MultimodalModel model, int batchSize, List<Regulator> regulators) {
        this.model = model;
        this.batchSize = batchSize;
        this.regulators = List.copyOf(regulators);
    }

    Map<String, Double> evaluate(DataSplit split) {
        int n = split.size();
        int[] truth = split.labels();
        List<String> modalities = model.modalities();
        Map<String, int[]> predictions = new LinkedHashMap<>();
        predictions.put("fused", new int[n]);
        modalities.forEach(m -> predictions.put(m, new int[n]));
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            Batch b = split.batch(DataParts.range(start, end), false, null);
            Map<String, INDArray> logits = new LinkedHashMap<>(model.predict(b.inputs()));
            if (!regulators.isEmpty()) {
                Map<String, INDArray> heads = new LinkedHashMap<>();
                modalities.forEach(m -> heads.put(m, logits.get(m)));
                INDArray fused = logits.get("fused");
                for (Regulator r : regulators) {
                    fused = r.evaluationLogits(fused, Collections.unmodifiableMap(heads));
                }
                logits.put("fused", fused);
            }
            for (var e : logits.entrySet()) {
                int[] p = Metrics.argmax(e.getValue());
                System.arraycopy(p, 0, predictions.get(e.getKey()), start, p.length);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", Metrics.accuracy(predictions.get("fused"), truth));
        out.put("macroF1", Metrics.macroF1(predictions.get("fused"), truth, model.numClasses()));
        for (String m : modalities) {
            out.put("accuracy." + m, Metrics.accuracy(predictions.get(m), truth));
        }
        return out;
    }
}
