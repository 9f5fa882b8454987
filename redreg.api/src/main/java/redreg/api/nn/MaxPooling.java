package redreg.api.nn;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.stability.Experimental;

/**
 * 2-D max pooling exactly as DL4J's {@link SubsamplingLayer} (MAX) computes it, but always through libnd4j's own
 * {@code maxpool2d} / {@code maxpool2d_bp} kernels, never oneDNN's: on the oneDNN builds, oneDNN's max pooling of an
 * NCHW map reorders it to a blocked layout and back on every call, and measured 6–7× slower forward and ~3× slower
 * backward than libnd4j's own kernel ([64, 32, 40, 61], 2×2: 53 / 85 ms against 8 / 29 ms, 1 thread). The result is
 * the same bit for bit (a maximum picks the same element; ties go to the first in both). The switch is per op call
 * ({@link OpContext#allowHelpers}), so other layers keep oneDNN and other threads are not affected.
 *
 * <p>The engine substitutes it for every plain MAX {@code SubsamplingLayer} an encoder adds (see
 * {@code EncoderFactory}); {@link #of} makes one from such a config.
 */
@Experimental(since = "0.1", why = "a workaround for one ND4J build's slow kernel")
public class MaxPooling extends SubsamplingLayer {

    /** For DL4J's configuration cloning and JSON. */
    public MaxPooling() {
    }

    /** Whether {@link #of} applies: a plain DL4J 2-D max pooling (not a subclass, not another pooling type). */
    public static boolean applies(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return layer != null && layer.getClass() == SubsamplingLayer.class
                && ((SubsamplingLayer) layer).getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX;
    }

    /** {@code layer} itself, or for a plain DL4J 2-D max pooling ({@link #applies}) the same pooling as {@link #of}. */
    public static org.deeplearning4j.nn.conf.layers.Layer inPlaceOf(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return applies(layer) ? of((SubsamplingLayer) layer) : layer;
    }

    /** The same pooling as {@code pooling} (every field copied), computed by libnd4j's own kernels. */
    public static MaxPooling of(SubsamplingLayer pooling) {
        if (!applies(pooling)) {
            throw new IllegalArgumentException("not a plain MAX SubsamplingLayer: " + pooling);
        }
        MaxPooling copy = new MaxPooling();
        try {
            for (Class<?> c = SubsamplingLayer.class; c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        f.set(copy, f.get(pooling));
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot copy DL4J's SubsamplingLayer config", e);
        }
        return copy.clone();
    }

    @Override
    public MaxPooling clone() {
        return (MaxPooling) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        Impl ret = new Impl(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    /** DL4J's layer with forward and backward re-stated (as DL4J's own non-helper path) over an OpContext. */
    static final class Impl extends org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer {
        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            if (input.rank() != 4) {
                throw new DL4JInvalidInputException("Got rank " + input.rank() + " array as input to max pooling "
                        + layerId() + ", expected rank 4");
            }
            INDArray in = input.castTo(dataType);
            SubsamplingLayer c = layerConf();
            long[] args = args(c, c.getPadding(), convolutionMode == ConvolutionMode.Same);
            DynamicCustomOp shapeOnly = DynamicCustomOp.builder("maxpool2d").addInputs(in)
                    .addIntegerArguments(toInts(args)).build();
            long[] shape = shapeOnly.calculateOutputShape().get(0).getShape();
            INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), shape, 'c');
            ownKernel("maxpool2d", args, new INDArray[] {in}, output);
            return output;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            INDArray in = input.castTo(dataType);
            if (epsilon.dataType() != dataType) {
                epsilon = epsilon.castTo(dataType);
            }
            SubsamplingLayer c = layerConf();
            boolean nhwc = c.getCnn2dDataFormat() == CNN2DFormat.NHWC;
            int hIdx = nhwc ? 1 : 2;
            int wIdx = nhwc ? 2 : 3;
            boolean same = convolutionMode == ConvolutionMode.Same;
            int[] pad = same ? ConvolutionUtils.getSameModeTopLeftPadding(
                    new int[] {(int) epsilon.size(hIdx), (int) epsilon.size(wIdx)},
                    new int[] {(int) in.size(hIdx), (int) in.size(wIdx)}, c.getKernelSize(), c.getStride(),
                    c.getDilation()) : c.getPadding();
            INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, in.dataType(), in.shape(), 'c');
            ownKernel("maxpool2d_bp", args(c, pad, same), new INDArray[] {in, epsilon}, epsAtInput);
            return new Pair<>(new DefaultGradient(), epsAtInput);
        }

        /** DL4J's integer arguments of the pooling ops (extra = 0 for max pooling). */
        private static long[] args(SubsamplingLayer c, int[] pad, boolean same) {
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] d = c.getDilation();
            return new long[] {k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], same ? 1 : 0, 0,
                c.getCnn2dDataFormat() == CNN2DFormat.NCHW ? 0 : 1};
        }

        private static int[] toInts(long[] v) {
            int[] out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = (int) v[i];
            }
            return out;
        }

        /** Runs the op with platform helpers (oneDNN) off for this call only. */
        private static void ownKernel(String op, long[] iArgs, INDArray[] inputs, INDArray output) {
            try (OpContext ctx = Nd4j.getExecutioner().buildContext()) {
                ctx.setIArguments(iArgs);
                ctx.setInputArrays(inputs);
                ctx.setOutputArrays(output);
                ctx.allowHelpers(false);
                Nd4j.exec(DynamicCustomOp.builder(op).build(), ctx);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(op + " failed", e);
            }
        }
    }
}
