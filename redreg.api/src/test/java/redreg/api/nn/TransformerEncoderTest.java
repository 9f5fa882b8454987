package redreg.api.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The Transformer encoder's DL4J graph (with the SameDiff layers LayerNorm, LearnedPositions, SinusoidalPositions,
 * FirstToken) against reference/transformer_reference.py (numpy, textbook layout) on fixed weights, and its
 * back-propagated gradients against central finite differences, in double precision.
 */
class TransformerEncoderTest {

    static TransformerEncoder.Options options(JsonNode c, double dropout) {
        return new TransformerEncoder.Options(c.get("width").asInt(), c.get("depth").asInt(), c.get("heads").asInt(),
                c.get("feedForward").asInt(), dropout, c.get("positions").asText(), c.get("pooling").asText());
    }

    static ComputationGraph graph(long dim, long length, TransformerEncoder.Options o, long seed) {
        return graph(dim, length, o, seed, DataType.DOUBLE);
    }

    static ComputationGraph graph(long dim, long length, TransformerEncoder.Options o, long seed, DataType type) {
        GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed).dataType(type).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).graphBuilder().addInputs("in");
        g.setInputTypes(InputType.recurrent(dim, length));
        g.setOutputs(TransformerEncoder.add(EncoderGraph.of(g, ""), "in", length, o));
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    static INDArray array(JsonNode n) {
        return Nd4j.create(new ObjectMapper().convertValue(n, double[][].class));
    }

    static INDArray vector(JsonNode n) {
        return Nd4j.createFromArray(new ObjectMapper().convertValue(n, double[].class));
    }

    /** Loads the reference's [out, in] weights into DL4J's parameters. */
    static void load(ComputationGraph graph, JsonNode w, TransformerEncoder.Options o) {
        int heads = o.heads();
        int hd = o.width() / heads;
        Map<String, INDArray> p = graph.paramTable();
        java.util.function.BiConsumer<String, INDArray> set = (k, v) -> {
            assertThat(p).as(k).containsKey(k);
            assertThat(p.get(k).length()).as(k).isEqualTo(v.length());
            p.get(k).assign(v.reshape('c', p.get(k).shape()));
        };
        // DL4J's width-1 convolution reads its [out, in, 1, 1] kernel buffer in [in, out] order
        set.accept("proj_W", array(w.get("proj.W")).transpose().dup('c'));
        set.accept("proj_b", vector(w.get("proj.b")));
        if (w.has("pos.P")) {
            set.accept("pos_P", array(w.get("pos.P")).transpose().dup('c'));
        }
        set.accept("ln_g", vector(w.get("ln.g")));
        set.accept("ln_b", vector(w.get("ln.b")));
        for (int i = 0; i < o.depth(); i++) {
            String b = "b" + i + "_";
            String r = "b" + i + ".";
            for (String q : new String[] {"Wq", "Wk", "Wv"}) {
                // [heads·hd, in] rows are head-major: DL4J's [heads, hd, in] is the same c-order buffer
                set.accept(b + "attn_" + q, array(w.get(r + "attn." + q)).reshape('c', heads, hd, o.width()));
            }
            set.accept(b + "attn_Wo", array(w.get(r + "attn.Wo")).transpose().dup('c'));
            for (String n : new String[] {"ln1", "ln2"}) {
                set.accept(b + n + "_g", vector(w.get(r + n + ".g")));
                set.accept(b + n + "_b", vector(w.get(r + n + ".b")));
            }
            for (String n : new String[] {"ff1", "ff2"}) {
                set.accept(b + n + "_W", array(w.get(r + n + ".W")).transpose().dup('c'));
                set.accept(b + n + "_b", vector(w.get(r + n + ".b")));
            }
        }
    }

    @Test
    void forwardMatchesTheNumpyReferenceOnFixedWeights() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/reference/transformer.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        assertThat(cases).hasSize(2);
        for (JsonNode c : cases) {
            TransformerEncoder.Options o = options(c.get("config"), 0);
            double[][][] x = new ObjectMapper().convertValue(c.get("input"), double[][][].class);
            INDArray input = Nd4j.createFromArray(x).permute(0, 2, 1).dup('c'); // [B, T, D] → [B, D, T]
            ComputationGraph graph = graph(input.size(1), input.size(2), o, 7);
            load(graph, c.get("weights"), o);
            INDArray want = array(c.get("output"));
            INDArray got = graph.output(false, input)[0];
            assertThat(got.shape()).isEqualTo(want.shape());
            assertThat(got.sub(want).amaxNumber().doubleValue()).as(c.get("config").toString()).isLessThan(1e-8);
            // dropout 0.5 on the feed-forward: on in training, off at evaluation
            ComputationGraph dropped = graph(input.size(1), input.size(2), options(c.get("config"), 0.5), 7);
            load(dropped, c.get("weights"), o);
            assertThat(dropped.output(false, input)[0].sub(want).amaxNumber().doubleValue()).isLessThan(1e-8);
            assertThat(dropped.output(true, input)[0].sub(want).amaxNumber().doubleValue()).isGreaterThan(1e-3);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (String[] v : new String[][] {{"learned", "mean"}, {"sinusoidal", "first"}}) {
            TransformerEncoder.Options o = new TransformerEncoder.Options(6, 2, 2, 8, 0, v[0], v[1]);
            ComputationGraph graph = graph(3, 4, o, 11);
            Random r = new Random(5);
            INDArray params = graph.params();
            for (long i = 0; i < params.length(); i++) {
                params.putScalar(i, params.getDouble(i) + 0.3 * r.nextGaussian()); // away from LN's g = 1, b = 0
            }
            INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 3, 4).subi(0.5).muli(2);
            INDArray weight = Nd4j.rand(DataType.DOUBLE, 2, 6).subi(0.5);
            graph.feedForward(new INDArray[] {input}, true, false);
            Map<String, INDArray> analytic = new java.util.LinkedHashMap<>();
            graph.backpropGradient(weight).gradientForVariable().forEach((k, g) -> analytic.put(k, g.dup('c')));
            double h = 1e-6;
            int checked = 0;
            Map<String, Double> worst = new java.util.LinkedHashMap<>();
            for (var e : graph.paramTable().entrySet()) {
                INDArray p = e.getValue();
                INDArray g = analytic.get(e.getKey()).reshape(p.length());
                double w = 0;
                // every entry of the small tensors, a spread of 4–5 entries of the larger ones
                long stride = Math.max(1, p.length() / 4);
                for (long i = 0; i < p.length(); i += stride) {
                    double keep = p.getDouble(i);
                    p.putScalar(i, keep + h);
                    double up = graph.output(false, input)[0].mul(weight).sumNumber().doubleValue();
                    p.putScalar(i, keep - h);
                    double down = graph.output(false, input)[0].mul(weight).sumNumber().doubleValue();
                    p.putScalar(i, keep);
                    double fd = (up - down) / (2 * h);
                    w = Math.max(w, Math.abs(g.getDouble(i) - fd) / (1e-4 + Math.abs(fd)));
                    checked++;
                }
                worst.put(e.getKey(), w);
            }
            assertThat(worst).as(v[0] + " " + v[1] + ": largest relative error per parameter")
                    .allSatisfy((k, w) -> assertThat(w).as(k).isLessThan(1e-4));
            assertThat(checked).isGreaterThan(100);
        }
    }

    /**
     * In float (the engine's type) the back-propagated gradient is the true one too, not DL4J's doubled one
     * (SameDiffFix): a coarse central difference on a few entries of every parameter (float noise: within 20 %).
     */
    @Test
    void floatGradientsAreNotDoubled() {
        TransformerEncoder.Options o = new TransformerEncoder.Options(4, 1, 2, 6, 0, "learned", "mean");
        ComputationGraph graph = graph(3, 4, o, 13, DataType.FLOAT);
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 4).subi(0.5).muli(2);
        INDArray weight = Nd4j.rand(DataType.FLOAT, 2, 4).subi(0.5);
        graph.feedForward(new INDArray[] {input}, true, false);
        Map<String, INDArray> analytic = new java.util.LinkedHashMap<>();
        graph.backpropGradient(weight).gradientForVariable().forEach((k, g) -> analytic.put(k, g.dup('c')));
        double dot = 0;
        double norm = 0;
        for (var e : graph.paramTable().entrySet()) {
            INDArray p = e.getValue();
            INDArray g = analytic.get(e.getKey()).reshape(p.length());
            for (long i = 0; i < Math.min(3, p.length()); i++) {
                double keep = p.getDouble(i);
                p.putScalar(i, keep + 1e-2);
                double up = graph.output(false, input)[0].castTo(DataType.DOUBLE).mul(weight.castTo(DataType.DOUBLE))
                        .sumNumber().doubleValue();
                p.putScalar(i, keep - 1e-2);
                double down = graph.output(false, input)[0].castTo(DataType.DOUBLE)
                        .mul(weight.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
                p.putScalar(i, keep);
                double fd = (up - down) / 2e-2;
                dot += g.getDouble(i) * fd;
                norm += fd * fd;
            }
        }
        // least-squares slope of analytic on numeric: 1 when right, 2 with DL4J's doubling
        assertThat(dot / norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.2));
    }
}
