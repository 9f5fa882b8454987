package redreg.api.internal.engine.runfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.ModalitySpec;
import redreg.api.config.EncoderSpec;
import redreg.api.internal.engine.model.EncoderFactory;
import redreg.api.internal.engine.model.EncoderNet;

/** The kernel build chosen from the CPU is the one ND4J loaded, and on a oneDNN build DL4J's layers use it. */
class KernelBuildTest {

    @Test
    void theBuildSelectedBeforeNd4jLoadedIsTheOneInUse() {
        String loaded = KernelBuild.loadedBuild();
        // set by redreg-nd4j-shim's KernelSelection; null would mean it never ran before ND4J loaded
        assertThat(System.getProperty("redreg.kernels.selected")).isEqualTo(loaded);
        assertThat(KernelBuild.describe()).startsWith(loaded);
    }

    @Test
    void dl4jFindsTheShimForItsRenamedEnvironmentClass() throws Exception {
        // BaseMKLDNNHelper's exact lookup; it answers what the renamed class says
        Class<?> old = Class.forName("org.nd4j.nativeblas.Nd4jCpu$Environment");
        Object env = old.getMethod("getInstance").invoke(null);
        boolean use = (Boolean) old.getMethod("isUseMKLDNN").invoke(env);
        // looked up by name: the CUDA build (-Pcuda) compiles these tests without the CPU backend's classes
        Class<?> renamed = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
        Object current = renamed.getMethod("getInstance").invoke(null);
        assertThat(use).isEqualTo(renamed.getMethod("isUseONEDNN").invoke(current));
    }

    @Test
    void convAndBatchNormLayersRunOneDnnHelpersExactlyOnOneDnnBuildsAndPoolingItsOwnKernel() throws Exception {
        boolean onednn = KernelBuild.loadedBuild().contains("onednn");
        ModalitySpec visual = new ModalitySpec("visual", new long[] {1, 16, 16});
        var encoder = redreg.api.experiment.Registry.discover().modalityEncoder(visual, new EncoderSpec("cnn", 4, 2, 8));
        ComputationGraph graph = EncoderFactory.build(visual, encoder, DataType.FLOAT, 3);
        EncoderNet net = new EncoderNet("visual", graph, encoder);
        INDArray z = net.forward(Nd4j.rand(DataType.FLOAT, 8, 1, 16, 16), true);
        net.backward(Nd4j.onesLike(z));
        int checked = 0;
        for (Layer layer : graph.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (layer instanceof SubsamplingLayer) {
                // max pooling runs libnd4j's own kernel on every build (redreg.api.nn.MaxPooling: oneDNN's is slower)
                assertThat(layer.conf().getLayer()).as("pooling %s", name).isInstanceOf(redreg.api.nn.MaxPooling.class);
                checked++;
                continue;
            }
            Class<?> expected = layer instanceof ConvolutionLayer ? MKLDNNConvHelper.class
                    : layer instanceof BatchNormalization ? MKLDNNBatchNormHelper.class : null;
            if (expected == null) {
                continue;
            }
            Object helper = layer.getClass().getMethod("getHelper").invoke(layer);
            if (onednn) {
                assertThat(helper).as("helper of %s", name).isInstanceOf(expected);
            } else {
                // the default build runs DL4J's own kernels, exactly as before the oneDNN builds came
                assertThat(helper).as("helper of %s on the default build", name).isNull();
            }
            assertThat(helperFailures(layer)).as("oneDNN failures (fallbacks to DL4J's kernels) in %s", name).isZero();
            checked++;
        }
        assertThat(checked).isEqualTo(6); // conv, bn and pool of both stages
    }

    /** DL4J counts helper exceptions per layer and then quietly falls back to its own kernels. */
    private static int helperFailures(Layer layer) throws ReflectiveOperationException {
        for (Class<?> c = layer.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("helperCountFail");
                f.setAccessible(true);
                return f.getInt(layer);
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException("helperCountFail");
    }
}
