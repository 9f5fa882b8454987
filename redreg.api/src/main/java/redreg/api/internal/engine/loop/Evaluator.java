package redreg.api.internal.engine.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.Batch;
import redreg.api.DataSplit;
import redreg.api.Objective;
import redreg.api.Regulator;
import redreg.api.internal.engine.model.MultimodalModel;

/**
 * Metrics of the model on a split, in evaluation mode: fused accuracy and macro-F1, each head's accuracy (a regression:
 * {@link RegressionMetrics}). The fused
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
        List<String> modalities = model.modalities();
        // per head: the argmax class (classification) or the score (regression) of every sample
        boolean regression = model.loss().objective() instanceof Objective.Regression;
        Map<String, int[]> predictions = new LinkedHashMap<>();
        Map<String, double[]> scores = new LinkedHashMap<>();
        predictions.put("fused", new int[n]);
        scores.put("fused", new double[n]);
        modalities.forEach(m -> predictions.put(m, new int[n]));
        modalities.forEach(m -> scores.put(m, new double[n]));
        double[] targets = regression ? new double[n] : null;
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
            if (regression) {
                System.arraycopy(b.targets(), 0, targets, start, end - start);
            }
            for (var e : logits.entrySet()) {
                if (regression) {
                    double[] v = e.getValue().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(-1).toDoubleVector();
                    System.arraycopy(v, 0, scores.get(e.getKey()), start, v.length);
                } else {
                    int[] p = Metrics.argmax(e.getValue());
                    System.arraycopy(p, 0, predictions.get(e.getKey()), start, p.length);
                }
            }
        }
        if (regression) {
            return RegressionMetrics.of((Objective.Regression) model.loss().objective(), scores, targets);
        }
        int[] truth = split.labels();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", Metrics.accuracy(predictions.get("fused"), truth));
        out.put("macroF1", Metrics.macroF1(predictions.get("fused"), truth, model.numClasses()));
        for (String m : modalities) {
            out.put("accuracy." + m, Metrics.accuracy(predictions.get(m), truth));
        }
        return out;
    }
}
