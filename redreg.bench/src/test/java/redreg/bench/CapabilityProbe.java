package redreg.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.DataPart;
import redreg.api.FeatureSet;
import redreg.api.ForwardPass;
import redreg.api.LossControl;
import redreg.api.LossWeights;
import redreg.api.ModelFork;
import redreg.api.ParameterSnapshot;
import redreg.api.PassSpec;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;

/**
 * A test plug-in that uses every capability of the open step through the public SPI only (no internal import):
 * loss weights and a term, per-loss gradients, a kept masked pass and its backward, feature passes over both
 * parts, a snapshot blended back, and a fork trained and discarded. It records what it saw for the test.
 */
final class CapabilityProbe implements Regulator {
    final List<String> log = new ArrayList<>();
    final List<Double> partSumErrors = new ArrayList<>();
    final List<FeatureSet> trainFeatures = new ArrayList<>();
    final List<FeatureSet> validationFeatures = new ArrayList<>();
    final List<double[]> forkLosses = new ArrayList<>();
    private ParameterSnapshot initial;
    private ForwardPass audioOff;

    @Override
    public void onTrainStart(TrainingContext context) {
        initial = context.snapshot("visual");
        log.add("trainStart");
    }

    @Override
    public void onEpochStart(TrainingContext context) {
        trainFeatures.add(context.features(DataPart.TRAIN, 0.5, "probe"));
        validationFeatures.add(context.features(DataPart.VALIDATION, 1.0, "probe"));
    }

    @Override
    public void shapeLoss(LossControl loss) {
        loss.setFusedWeight(0.8);
        loss.setUnimodalWeight("visual", 0.5);
        // a term of our own on z_audio: 0.1 · mean_i ½‖z_i‖², gradient 0.1 · z / B
        INDArray z = loss.modality("audio").features();
        double value = 0.1 * 0.5 * z.mul(z).sumNumber().doubleValue() / loss.batchSize();
        loss.addTerm("probe", value, Map.of("audio", z.mul(0.1 / loss.batchSize())));
        audioOff = loss.pass(PassSpec.eval().zero("audio").keep());
        loss.diagnostic("probe.passLogitNorm", audioOff.fusedLogits().norm2Number().doubleValue());
    }

    @Override
    public void regulate(StepView step) {
        for (String m : step.modalities()) {
            var ms = step.modality(m);
            Map<String, INDArray> sum = new LinkedHashMap<>();
            for (String part : ms.losses()) {
                ms.lossGradients(part).forEach((k, v) -> sum.merge(k, v.dup(), INDArray::addi));
            }
            double err = 0;
            for (var e : ms.gradients().entrySet()) {
                err = Math.max(err, e.getValue().sub(sum.get(e.getKey())).amaxNumber().doubleValue());
            }
            partSumErrors.add(err);
            log.add("parts." + m + "=" + String.join("+", ms.losses()));
        }
        // AGM-like: a small extra push through the audio-off pass
        INDArray p = softmax(audioOff.fusedLogits());
        INDArray y = Nd4j.zeros(p.dataType(), p.rows(), p.columns());
        int[] labels = step.labels();
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        audioOff.backward(p.sub(y).muli(0.1 / labels.length));
    }

    @Override
    public void onEpochEnd(TrainingContext context, Map<String, Double> metrics) {
        context.blend(initial, 0.25);
        try (ModelFork fork = context.fork()) {
            LossWeights w = new LossWeights(1.0, Map.of());
            double before = fork.loss(DataPart.VALIDATION, w, Set.of());
            fork.train(1, w, Set.of("audio"));
            double after = fork.loss(DataPart.VALIDATION, w, Set.of());
            forkLosses.add(new double[] {before, after});
        }
        log.add("epochEnd" + context.epoch());
    }

    private static INDArray softmax(INDArray logits) {
        INDArray e = org.nd4j.linalg.ops.transforms.Transforms.exp(logits.subColumnVector(logits.max(true, 1)), true);
        return e.diviColumnVector(e.sum(true, 1));
    }
}
