package redreg.bench.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.Batch;
import redreg.api.experiment.Experiment;
import redreg.api.internal.engine.loop.TrainingRun;
import redreg.api.internal.engine.model.EncoderNet;
import redreg.api.internal.engine.model.Losses;
import redreg.api.internal.engine.model.MultimodalModel;

/**
 * {@code redreg bench --ops}: every layer of a peer model's encoders timed alone, forward and backward, next to the
 * same layers in PyTorch ({@code torch_peer.py CONFIG threads reps ops}: redreg.bench/peer/torch_peer.py, packaged in the jar), so the table
 * says which op loses and by how much. Both sides time each layer on the input it gets in a training forward (the
 * redreg side drives the DL4J graph vertex by vertex, exactly as ComputationGraph does), a forward in training mode
 * then the backward of a ones gradient, {@code reps} times; per kind of op, the sum over its layers of each median.
 * Then the losses (fused and the heads' cross-entropy) and the optimizer's update over every parameter.
 */
public final class BenchOps {
    /** One kind of op: forward and backward ms (summed medians) and how many layers. */
    record Cost(double forward, double backward, int count) {
        Cost plus(double f, double b) {
            return new Cost(forward + f, backward + b, count + 1);
        }
    }

    /** Training steps before any op is timed (at most; the big models' own step counts are smaller). */
    static final int WARMUP_STEPS = 20;

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * This thread's CPU time (ns): with one ND4J thread all of an op's work, and far less inflated than wall time by
     * other processes on a shared machine (the peer's ops mode times with time.thread_time likewise).
     */
    static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Keeps the timed loss computation from being optimised away. */
    static volatile double sink;

    private BenchOps() {
    }

    /** @param only model names (empty: all three); {@code reps} timed repetitions of each op */
    public static void run(List<String> only, int reps, List<String> overrides, PrintStream out) {
        for (BenchModels.Model m : BenchModels.MODELS) {
            if (!only.isEmpty() && !only.contains(m.name())) {
                continue;
            }
            Experiment exp = Experiment.fromYaml(m.yaml(), Path.of("").toAbsolutePath(), overrides.toArray(String[]::new));
            TrainingRun run = Bench.engine(exp).run();
            if (!run.model().modalities().stream().allMatch(x -> run.model().encoder(x) instanceof EncoderNet)) {
                out.println(m.name() + ": skipped (the op table drives DL4J graph encoders; this model's are not)");
                continue;
            }
            Map<String, Cost> ours = redreg(run, reps, Math.min(WARMUP_STEPS, m.steps()));
            Map<String, double[]> peer = torch(m.name(), reps, out);
            out.printf(Locale.ROOT, "%s: each op alone, batch 64, %d reps (thread CPU ms, sum over the layers of each median)%n",
                    m.name(), reps);
            out.printf(Locale.ROOT, "  %-11s %6s %9s %9s %7s %9s %9s %7s%n", "op", "layers", "redreg fw", "torch fw",
                    "ratio", "redreg bw", "torch bw", "ratio");
            double[] sum = new double[4];
            for (var e : ours.entrySet()) {
                Cost c = e.getValue();
                double[] t = peer.get(e.getKey());
                out.printf(Locale.ROOT, "  %-11s %6d %9.3f %9s %7s %9.3f %9s %7s%n", e.getKey(), c.count(), c.forward(),
                        t == null ? "-" : String.format(Locale.ROOT, "%.3f", t[0]), ratio(c.forward(), t, 0),
                        c.backward(), t == null ? "-" : String.format(Locale.ROOT, "%.3f", t[1]), ratio(c.backward(), t, 1));
                sum[0] += c.forward();
                sum[1] += c.backward();
                sum[2] += t == null ? 0 : t[0];
                sum[3] += t == null ? 0 : t[1];
            }
            out.printf(Locale.ROOT, "  %-11s %6s %9.3f %9.3f %7.2f %9.3f %9.3f %7.2f   (fw+bw: %.1f vs %.1f ms)%n",
                    "all", "", sum[0], sum[2], sum[0] / sum[2], sum[1], sum[3], sum[1] / sum[3], sum[0] + sum[1],
                    sum[2] + sum[3]);
        }
    }

    private static String ratio(double ours, double[] peer, int i) {
        return peer == null || peer[i] == 0 ? "-" : String.format(Locale.ROOT, "%.2f", ours / peer[i]);
    }

    /** The engine's layers, losses and update, timed alone. */
    static Map<String, Cost> redreg(TrainingRun run, int reps, int warmupSteps) {
        // real steps first: the gradient views exist, the optimizer knows every parameter, and the JIT has compiled
        // DL4J's and ND4J's Java side as a training run has (PyTorch has no such warm-up)
        new StepBench(run).timeSteps(warmupSteps, 0);
        Batch batch = StepBench.sequentialBatches(run.trainingPart(), run.batchSize(), run.augmentation()).get(0);
        MultimodalModel model = run.model();
        Map<String, Cost> costs = new LinkedHashMap<>();
        List<INDArray> features = new ArrayList<>();
        for (String m : model.modalities()) {
            EncoderNet e = (EncoderNet) model.encoder(m);
            layers(e.graph(), e.adapt(batch.inputs().get(m)), reps, costs);
            features.add(e.encode(batch.inputs().get(m), true));
        }
        // the losses: softmax cross-entropy of the fused head and of each modality's head, and their logit gradients
        List<INDArray> logits = new ArrayList<>();
        logits.add(model.fusion().forward(features, true));
        for (int i = 0; i < features.size(); i++) {
            logits.add(model.head(model.modalities().get(i)).forward(features.get(i)));
        }
        int[] labels = batch.labels();
        double[] f = new double[reps];
        double[] b = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = cpuNanos();
            List<INDArray> p = new ArrayList<>();
            double loss = 0;
            for (INDArray l : logits) {
                INDArray q = Losses.softmax(l);
                loss += Losses.crossEntropy(q, labels);
                p.add(q);
            }
            long t1 = cpuNanos();
            INDArray y = Losses.oneHot(labels, model.numClasses(), logits.get(0));
            for (INDArray q : p) {
                Losses.logitGradient(q, y, 1.0);
            }
            long t2 = cpuNanos();
            f[r] = (t1 - t0) / 1e6;
            b[r] = (t2 - t1) / 1e6;
            sink += loss;
        }
        costs.put("loss", new Cost(median(f), median(b), logits.size()));
        double[] u = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = cpuNanos();
            run.optimizerStep();
            u[r] = (cpuNanos() - t0) / 1e6;
        }
        costs.put("sgd update", new Cost(median(u), 0, 0));
        return costs;
    }

    /** Drives the graph vertex by vertex (its topological order, as ComputationGraph does) and times each layer. */
    private static void layers(ComputationGraph graph, INDArray input, int reps, Map<String, Cost> costs) {
        GraphVertex[] vertices = graph.getVertices();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray[] outputs = new INDArray[vertices.length];
        int[] order = graph.topologicalSortOrder();
        for (int i : order) {
            outputs[i] = vertices[i].isInputVertex() ? input : forward(vertices[i], outputs, mgr);
        }
        for (int i : order) {
            GraphVertex v = vertices[i];
            if (v.isInputVertex()) {
                continue;
            }
            double[] f = new double[reps];
            double[] b = new double[reps];
            for (int r = 0; r < reps + 2; r++) {
                long t0 = cpuNanos();
                INDArray y = forward(v, outputs, mgr);
                long t1 = cpuNanos();
                INDArray ones = y.ulike().assign(1);
                long t2 = cpuNanos();
                v.setEpsilon(ones);
                v.doBackward(false, mgr);
                long t3 = cpuNanos();
                if (r >= 2) {
                    f[r - 2] = (t1 - t0) / 1e6;
                    b[r - 2] = (t3 - t2) / 1e6;
                }
            }
            costs.merge(kind(v), new Cost(median(f), median(b), 1), (a, c) -> a.plus(c.forward(), c.backward()));
        }
    }

    private static INDArray forward(GraphVertex v, INDArray[] outputs, LayerWorkspaceMgr mgr) {
        VertexIndices[] in = v.getInputVertices();
        v.clear();
        for (int k = 0; k < in.length; k++) {
            // setInput (not setInputs) also hands the input, preprocessed, to the vertex's layer
            v.setInput(k, outputs[in[k].getVertexIndex()], mgr);
        }
        return v.doForward(true, mgr);
    }

    private static String kind(GraphVertex v) {
        if (!v.hasLayer()) {
            return v.getClass().getSimpleName().equals("ElementWiseVertex") ? "add" : v.getClass().getSimpleName();
        }
        Object conf = v.getLayer().conf().getLayer();
        if (conf instanceof Convolution1DLayer) {
            return "conv1d";
        }
        if (conf instanceof ConvolutionLayer) {
            return "conv";
        }
        if (conf instanceof BatchNormalization) {
            return "batchnorm";
        }
        if (conf instanceof ActivationLayer) {
            return "relu";
        }
        if (conf instanceof SubsamplingLayer) {
            return "maxpool";
        }
        if (conf instanceof GlobalPoolingLayer) {
            return "avgpool";
        }
        if (conf instanceof DenseLayer) {
            return "dense";
        }
        return conf.getClass().getSimpleName();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The PyTorch side: torch_peer.py from the resources, in ops mode, with the same thread count; null-safe. */
    static Map<String, double[]> torch(String model, int reps, PrintStream out) {
        Map<String, double[]> peer = new LinkedHashMap<>();
        Path script = null;
        try (InputStream in = BenchOps.class.getResourceAsStream("/redreg/bench/torch_peer.py")) {
            script = Files.createTempFile("torch_peer", ".py");
            Files.write(script, in.readAllBytes());
            String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "1");
            Process p = new ProcessBuilder(System.getenv().getOrDefault("REDREG_PYTHON", "/usr/bin/python3"),
                    script.toString(), model, threads, String.valueOf(reps), "ops").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                out.println("  (PyTorch peer failed: " + text.strip().lines().reduce((a, b) -> b).orElse("") + ")");
                return peer;
            }
            for (String line : text.split("\\R")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 5 && f[0].equals("op")) {
                    peer.put(f[1].replace('_', ' '), new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
                } else if (line.startsWith("torch ")) {
                    out.println("  peer: " + line.trim());
                }
            }
        } catch (IOException e) {
            out.println("  (no PyTorch peer: " + e.getMessage() + "; REDREG_PYTHON names the python3 with torch)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (script != null) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
        return peer;
    }
}
