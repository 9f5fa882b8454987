package redreg.api.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link MaxPooling} (libnd4j's own kernel) against DL4J's {@link SubsamplingLayer} (oneDNN's on a oneDNN build) bit
 * for bit, forward and backward, on ReLU outputs (many ties at 0, as in the encoders) with odd sizes, and against a
 * plain loop (max of each window; the gradient to its first maximum).
 */
class MaxPoolingTest {

    private static SubsamplingLayer dl4j(int k, int s, ConvolutionMode mode) {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(k, k).stride(s, s).convolutionMode(mode).build();
    }

    private static ComputationGraph graph(org.deeplearning4j.nn.conf.layers.Layer pool, long c, long h, long w) {
        GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).graphBuilder().addInputs("in");
        g.setInputTypes(InputType.convolutional(h, w, c));
        g.addLayer("pool", pool, "in");
        g.setOutputs("pool");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /** [output, input gradient] of the layer's training forward and the backward of {@code eps} (ones if null). */
    private static INDArray[] run(ComputationGraph graph, INDArray x, INDArray eps) {
        org.deeplearning4j.nn.api.Layer pool = graph.getLayer("pool");
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray y = pool.activate(x, true, mgr).dup();
        INDArray dx = pool.backpropGradient(eps == null ? Nd4j.onesLike(y) : eps, mgr).getSecond().dup();
        return new INDArray[] {y, dx};
    }

    /** The values in c order, compared exactly (INDArray.equals allows a difference of 1e-5). */
    private static float[] bits(INDArray a) {
        assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
        return a.dup('c').data().asFloat();
    }

    @Test
    void sameNumbersAsDl4jsLayerTruncateAndSameModes() {
        for (Object[] c : new Object[][] {{2, 2, ConvolutionMode.Truncate}, {3, 2, ConvolutionMode.Same}}) {
            SubsamplingLayer plain = dl4j((int) c[0], (int) c[1], (ConvolutionMode) c[2]);
            assertThat(MaxPooling.applies(plain)).isTrue();
            MaxPooling own = MaxPooling.of(plain);
            assertThat(own.getKernelSize()).containsExactly(plain.getKernelSize());
            assertThat(own.getConvolutionMode()).isEqualTo(plain.getConvolutionMode());
            INDArray x = Transforms.relu(Nd4j.randn(DataType.FLOAT, 4, 3, 9, 11));
            ComputationGraph a = graph(plain, 3, 9, 11);
            ComputationGraph b = graph(own, 3, 9, 11);
            assertThat(b.getLayer("pool")).isInstanceOf(MaxPooling.Impl.class);
            INDArray[] ra = run(a, x, null);
            INDArray eps = Nd4j.randn(DataType.FLOAT, ra[0].shape());
            ra = run(a, x, eps);
            INDArray[] rb = run(b, x, eps);
            assertThat(bits(rb[0])).as("forward %s", c[2]).containsExactly(bits(ra[0]));
            assertThat(bits(rb[1])).as("backward %s", c[2]).containsExactly(bits(ra[1]));
            // a clone keeps the own-kernel layer (graph copies, eval twins instantiate the config again)
            assertThat(b.clone().getLayer("pool")).isInstanceOf(MaxPooling.Impl.class);
        }
    }

    @Test
    void forwardAndBackwardMatchAPlainLoop() {
        INDArray x = Transforms.relu(Nd4j.randn(DataType.FLOAT, 2, 2, 5, 7));
        ComputationGraph g = graph(MaxPooling.of(dl4j(2, 2, ConvolutionMode.Truncate)), 2, 5, 7);
        INDArray eps = Nd4j.randn(DataType.FLOAT, 2, 2, 2, 3);
        INDArray[] r = run(g, x, eps);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 2, 2, 3);
        INDArray dx = Nd4j.zeros(DataType.FLOAT, 2, 2, 5, 7);
        for (int n = 0; n < 2; n++) {
            for (int ch = 0; ch < 2; ch++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 3; j++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bi = -1;
                        int bj = -1;
                        for (int di = 0; di < 2; di++) {
                            for (int dj = 0; dj < 2; dj++) {
                                float v = x.getFloat(n, ch, 2 * i + di, 2 * j + dj);
                                if (v > best) {
                                    best = v;
                                    bi = 2 * i + di;
                                    bj = 2 * j + dj;
                                }
                            }
                        }
                        y.putScalar(new long[] {n, ch, i, j}, best);
                        dx.putScalar(new long[] {n, ch, bi, bj}, dx.getFloat(n, ch, bi, bj) + eps.getFloat(n, ch, i, j));
                    }
                }
            }
        }
        assertThat(bits(r[0])).containsExactly(bits(y));
        assertThat(bits(r[1])).containsExactly(bits(dx));
    }

    @Test
    void onlyPlainMaxPoolingIsReplaced() {
        assertThat(MaxPooling.applies(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).build())).isFalse();
        assertThat(MaxPooling.applies(MaxPooling.of(dl4j(2, 2, ConvolutionMode.Truncate)))).isFalse();
        assertThat(MaxPooling.applies(null)).isFalse();
    }
}
