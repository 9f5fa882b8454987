package redreg.regulators.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.LossControl;
import redreg.api.LossWeights;
import redreg.api.ModelFork;
import redreg.api.Regulator;
import redreg.api.StepView;
import redreg.api.TrainingContext;
import redreg.regulators.UmtConfig;

/**
 * UMT — Uni-Modal Teacher (Du et al., ICML 2023): uni-modal models are trained first; the multimodal model is then
 * trained with CE(fused) + λ·Σ_m MSE(z_m, t_m), t_m the frozen teacher's features of the same input.
 *
 * <ol>
 * <li>Teachers: before the run, one {@link TrainingContext#fork fork} per modality m trains on m alone — its own
 *     head's CE with weight 1, the fused and other heads detached (weights 0), the other inputs zeroed — for
 *     {@code teacherEpochs} epochs; its encoder m is the teacher (eval mode, no grad).</li>
 * <li>Distillation: per step, t_m = teacher_m.encode(x_m); the term λ·mean((z_m − t_m)²) (torch's MSELoss: the
 *     mean over B·d_m entries) on z_m, gradient 2λ(z_m − t_m)/(B·d_m).</li>
 * </ol>
 * Any fusion, any number of modalities.
 */
final class Umt implements Regulator {
    private final UmtConfig c;
    private final Map<String, ModelFork> teachers = new LinkedHashMap<>();

    Umt(UmtConfig config) {
        this.c = config;
    }

    @Override
    public void onTrainStart(TrainingContext ctx) {
        int epochs = c.teacherEpochs() > 0 ? c.teacherEpochs() : ctx.epochs();
        List<String> mods = ctx.modalities();
        for (String m : mods) {
            ModelFork teacher = ctx.fork();
            Map<String, Double> unimodal = new LinkedHashMap<>();
            mods.forEach(o -> unimodal.put(o, o.equals(m) ? 1.0 : 0.0));
            Set<String> others = new TreeSet<>(mods);
            others.remove(m);
            teacher.train(epochs, new LossWeights(0.0, unimodal), others);
            teachers.put(m, teacher);
        }
    }

    @Override
    public void shapeLoss(LossControl loss) {
        for (String m : loss.modalities()) {
            INDArray z = loss.modality(m).features();
            INDArray t = teachers.get(m).encode(m, loss.modality(m).input());
            Distillation d = new Distillation(z.castTo(DataType.DOUBLE), t.castTo(DataType.DOUBLE), c.weight());
            loss.diagnostic("umt.mse." + m, d.mse);
            loss.addTerm("umt." + m, d.value, Map.of(m, d.gradient.castTo(z.dataType())));
        }
    }

    @Override
    public void regulate(StepView step) {
        // UMT acts on the loss only.
    }

    @Override
    public void onEpochEnd(TrainingContext context, Map<String, Double> metrics) {
        if (context.epoch() == context.epochs() - 1) {
            teachers.values().forEach(ModelFork::close);
            teachers.clear();
        }
    }

    /** λ·MSE(z, t) over every entry and its gradient w.r.t. z. */
    static final class Distillation {
        final double mse;
        final double value;
        final INDArray gradient;

        Distillation(INDArray z, INDArray t, double weight) {
            INDArray diff = z.sub(t);
            long n = diff.length();
            mse = diff.mul(diff).sumNumber().doubleValue() / n;
            value = weight * mse;
            gradient = diff.muli(2 * weight / n);
        }
    }
}
