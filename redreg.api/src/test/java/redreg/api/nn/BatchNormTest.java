package redreg.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.internal.engine.runfiles.KernelBuild;

/**
 * {@link BatchNorm} against DL4J's {@link BatchNormalization} bit for bit (output, input gradient, gamma / beta
 * gradients and the running-statistics updates of a training step, then an inference forward), and its output
 * against a plain loop in double precision; on a oneDNN build its faster-statistics helper must be in place.
 */
class BatchNormTest {

    private static ComputationGraph graph(org.deeplearning4j.nn.conf.layers.Layer bn, long c, long h, long w) {
        GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new org.nd4j.linalg.learning.config.NoOp()).trainingWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("in");
        g.setInputTypes(InputType.convolutional(h, w, c));
        g.addLayer("bn", bn, "in");
        g.setOutputs("bn");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        graph.initGradientsView();
        // non-trivial gamma, beta and running statistics, the same in both graphs
        Nd4j.getRandom().setSeed(7);
        graph.getLayer("bn").paramTable().forEach((k, v) -> v.assign(Nd4j.rand(DataType.FLOAT, v.shape()).addi(0.5)));
        return graph;
    }

    private static float[] bits(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    /** Training forward, backward of {@code eps}: output, input gradient, then each parameter's gradient. */
    private static INDArray[] step(ComputationGraph graph, INDArray x, INDArray eps) {
        var layer = graph.getLayer("bn");
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray y = layer.activate(x, true, mgr).dup();
        Pair<Gradient, INDArray> g = layer.backpropGradient(eps, mgr);
        Map<String, INDArray> grads = new java.util.TreeMap<>(g.getFirst().gradientForVariable());
        assertThat(grads).containsOnlyKeys("gamma", "beta", "mean", "log10stdev"); // DL4J's default: log10 std
        INDArray inference = layer.activate(x, false, mgr).dup();
        return new INDArray[] {y, g.getSecond().dup(), grads.get("gamma").dup(), grads.get("beta").dup(),
            grads.get("mean").dup(), grads.get("log10stdev").dup(), inference};
    }

    @Test
    void sameBitsAsDl4jsBatchNormalization() throws Exception {
        for (long[] s : new long[][] {{8, 3, 5, 7}, {16, 4, 6, 6}, {5, 2, 1, 1}}) {
            INDArray x = Nd4j.randn(DataType.FLOAT, s).muli(2).addi(0.3);
            INDArray eps = Nd4j.randn(DataType.FLOAT, s);
            ComputationGraph plain = graph(new BatchNormalization.Builder().build(), s[1], s[2], s[3]);
            ComputationGraph ours = graph(new BatchNorm(), s[1], s[2], s[3]);
            if (KernelBuild.loadedBuild().contains("onednn")) {
                java.lang.reflect.Field f = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class
                        .getDeclaredField("helper");
                f.setAccessible(true);
                assertThat(f.get(ours.getLayer("bn"))).isInstanceOf(BatchNorm.FasterStatistics.class);
                assertThat(f.get(ours.clone().getLayer("bn"))).as("a clone's").isInstanceOf(BatchNorm.FasterStatistics.class);
            }
            INDArray[] a = step(plain, x, eps);
            INDArray[] b = step(ours, x, eps);
            String[] what = {"output", "input gradient", "dgamma", "dbeta", "running mean update", "running log10 std update",
                "inference output"};
            for (int i = 0; i < a.length; i++) {
                assertThat(bits(b[i])).as("%s %s", what[i], java.util.Arrays.toString(s)).containsExactly(bits(a[i]));
            }
        }
    }

    @Test
    void outputIsTheTextbookBatchNormOfAPlainLoop() {
        long n = 6;
        long c = 2;
        long h = 3;
        long w = 4;
        INDArray x = Nd4j.randn(DataType.FLOAT, n, c, h, w).muli(3).addi(1);
        ComputationGraph g = graph(new BatchNorm(), c, h, w);
        INDArray gamma = g.getLayer("bn").getParam("gamma");
        INDArray beta = g.getLayer("bn").getParam("beta");
        INDArray y = g.getLayer("bn").activate(x, true, LayerWorkspaceMgr.noWorkspaces());
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < h; r++) {
                    for (int q = 0; q < w; q++) {
                        double v = x.getDouble(i, ch, r, q);
                        sum += v;
                        sq += v * v;
                    }
                }
            }
            double m = n * h * w;
            double mean = sum / m;
            double var = sq / m - mean * mean; // biased, as in training
            for (int i = 0; i < n; i++) {
                double expected = (x.getDouble(i, ch, 1, 2) - mean) / Math.sqrt(var + 1e-5) * gamma.getDouble(ch)
                        + beta.getDouble(ch);
                assertThat(y.getDouble(i, ch, 1, 2)).isCloseTo(expected, within(1e-4));
            }
        }
    }
}
