package redreg.api.nn;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.stability.Experimental;

/**
 * DL4J's {@link BatchNormalization} (default settings) with the batch statistics of a training forward computed
 * faster where DL4J's oneDNN helper runs: its variance over dims (0, 2, 3) of an NCHW map is ND4J's slowest op in
 * a training step; the same {@code Variance} op over dims (0, 2) of the [N, C, H·W] view of the same buffer visits
 * the same elements in the same order and gives the same bits about twice as fast ([64, 32, 40, 61]: 57 → 30 ms,
 * 1 thread). Everything else — the oneDNN {@code batchnorm} / {@code batchnorm_bp} ops, the running statistics —
 * is DL4J's own code path. Without the oneDNN helper (the default kernel build) the layer is DL4J's unchanged.
 */
@Experimental(since = "0.1", why = "a workaround for one ND4J op's slow kernel")
public class BatchNorm extends BatchNormalization {

    /** For DL4J's configuration cloning and JSON; the defaults of {@code new BatchNormalization.Builder().build()}. */
    public BatchNorm() {
    }

    @Override
    public BatchNorm clone() {
        return (BatchNorm) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        org.deeplearning4j.nn.api.Layer ret = super.instantiate(conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams, networkDataType);
        withFasterStatistics((org.deeplearning4j.nn.layers.normalization.BatchNormalization) ret, networkDataType);
        return ret;
    }

    /** Replaces the layer's oneDNN helper (if it has one) by {@link FasterStatistics}. */
    static void withFasterStatistics(org.deeplearning4j.nn.layers.normalization.BatchNormalization layer, DataType type) {
        try {
            // package-private in DL4J 1.0.0-M2.1; DL4J sits on the class path (the unnamed module, open to all)
            Field f = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
            f.setAccessible(true);
            if (f.get(layer) != null && f.get(layer).getClass() == MKLDNNBatchNormHelper.class) {
                f.set(layer, new FasterStatistics(type));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's BatchNormalization layer has no helper field to replace", e);
        }
    }

    /**
     * DL4J's oneDNN helper, but a training forward of a c-order float NCHW map computes the batch mean and variance
     * itself and hands them to the helper's batch-norm op as it would its own; the backward reads the same
     * statistics. Any other input takes the helper's own path.
     */
    static final class FasterStatistics extends MKLDNNBatchNormHelper {
        private INDArray mean;
        private INDArray var;
        /** Whether the last training forward used {@link #mean} / {@link #var} (else the helper's own caches). */
        private boolean own;

        FasterStatistics(DataType type) {
            super(type);
        }

        @Override
        public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                                  INDArray globalMean, INDArray globalVar, double decay, double eps, CNN2DFormat format,
                                  LayerWorkspaceMgr workspaceMgr) {
            if (!training) {
                return super.preOutput(x, false, shape, gamma, beta, globalMean, globalVar, decay, eps, format, workspaceMgr);
            }
            own = x.rank() == 4 && format == CNN2DFormat.NCHW && x.dataType() == DataType.FLOAT && x.ordering() == 'c'
                    && Shape.hasDefaultStridesForShape(x) && !x.isView();
            if (!own) {
                return super.preOutput(x, true, shape, gamma, beta, globalMean, globalVar, decay, eps, format, workspaceMgr);
            }
            long c = x.size(1);
            if (mean == null || mean.length() != c) {
                try (var ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    mean = Nd4j.createUninitialized(x.dataType(), c);
                    var = Nd4j.createUninitialized(x.dataType(), c);
                }
            }
            x.mean(mean, 0, 2, 3); // as the helper does
            Nd4j.exec(new Variance(x.reshape('c', x.size(0), c, x.size(2) * x.size(3)), var, false, 0, 2));
            // the helper's inference branch runs the same batchnorm op on the statistics it is given
            return super.preOutput(x, false, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                         INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                         double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            if (!own) {
                return super.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format,
                        workspaceMgr);
            }
            // MKLDNNBatchNormHelper.backpropGradient of DL4J 1.0.0-M2.1, reading this helper's statistics
            if (!Shape.hasDefaultStridesForShape(epsilon)) {
                epsilon = epsilon.dup('c');
            }
            java.util.List<INDArray> args = new java.util.ArrayList<>(java.util.List.of(input, mean, var));
            if (gamma != null) {
                args.add(gamma.reshape(gamma.length()));
            }
            if (beta != null) {
                args.add(beta.reshape(beta.length()));
            }
            args.add(epsilon);
            DynamicCustomOp op = DynamicCustomOp.builder("batchnorm_bp").addInputs(args.toArray(new INDArray[0]))
                    .addIntegerArguments(gamma == null ? 0 : 1, beta == null ? 0 : 1, 1) // axis 1: NCHW
                    .addFloatingPointArguments(eps).build();
            INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
            INDArray dLdm = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, mean.dataType(), mean.shape());
            INDArray dLdv = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, mean.dataType(), mean.shape());
            op.setOutputArgument(0, epsAtInput);
            op.setOutputArgument(1, dLdm);
            op.setOutputArgument(2, dLdv);
            if (dGammaView != null) {
                op.setOutputArgument(3, dGammaView.reshape(dGammaView.length()));
                op.setOutputArgument(4, dBetaView.reshape(dBetaView.length()));
            }
            Nd4j.exec(op);
            Gradient g = new DefaultGradient();
            g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
            g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
            return new Pair<>(g, epsAtInput);
        }

        @Override
        public INDArray getMeanCache(DataType dataType) {
            return own ? mean : super.getMeanCache(dataType);
        }

        @Override
        public INDArray getVarCache(DataType dataType) {
            return own ? var : super.getVarCache(dataType);
        }
    }
}
