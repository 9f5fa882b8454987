package redreg.bench.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import redreg.api.ConfigException;
import redreg.api.experiment.Experiment;
import redreg.api.internal.engine.runfiles.KernelBuild;

/**
 * {@code redreg bench --models}: ms/step of the framework's joint step on the models of the PyTorch peer
 * ({@code redreg.bench/peer/torch_peer.py avdigits | heldout-cnn | resnet-small | mosi-transformer}, same shapes,
 * batch 64, heads on detached features, SGD with momentum), so the two can be compared side by side on one machine.
 */
final class BenchModels {
    /** One modality: its name, sample shape and encoder (YAML flow). */
    record Modality(String name, String shape, String encoder) {
    }

    /** name, classes, steps to time, the modalities. */
    record Model(String name, int classes, int steps, List<Modality> modalities) {
        Model(String name, int classes, int steps, String audioShape, String audioEncoder, String visualShape,
              String visualEncoder) {
            this(name, classes, steps, List.of(new Modality("audio", audioShape, audioEncoder),
                    new Modality("visual", visualShape, visualEncoder)));
        }

        String yaml() {
            StringBuilder y = new StringBuilder("name: peer-" + name + "\nseed: 1\ntask:\n  name: synthetic\n  classes: "
                    + classes + "\n  trainSize: 256\n  testSize: 64\n  modalities:\n");
            double signal = 4.0;
            for (Modality m : modalities) {
                y.append(String.format(Locale.ROOT, "    - {name: %s, shape: %s, signal: %.1f}%n", m.name(), m.shape(),
                        signal));
                signal /= 2;
            }
            y.append("model:\n  encoders:\n");
            modalities.forEach(m -> y.append("    ").append(m.name()).append(": ").append(m.encoder()).append('\n'));
            return y.append("""
                    losses: {unimodal: false}
                    optimizer: {kind: sgd, lr: 0.01, momentum: 0.9, weightDecay: 1.0e-4}
                    training: {epochs: 1, batchSize: 64, diagnostics: false}
                    output: {progress: false}
                    """).toString();
        }
    }

    /** Table VI's Transformer (CMU-MOSI: text, audio, vision, T = 50; D = 300, 74, 35; binary). */
    static final String MOSI_TRANSFORMER = "{kind: transformer, width: 64, depth: 2, heads: 4, feedForward: 128,"
            + " dropout: 0.1, featureSize: 64}";

    static final List<Model> MODELS = List.of(
            new Model("avdigits", 10, 30, "[1, 32, 51]", "{kind: mlp, width: 64, depth: 1, featureSize: 32}",
                    "[1, 14, 14]", "{kind: cnn, width: 8, depth: 3, featureSize: 32}"),
            new Model("heldout-cnn", 10, 10, "[1, 40, 61]", "{kind: cnn, width: 32, depth: 2, featureSize: 32}",
                    "[1, 16, 16]", "{kind: cnn, width: 32, depth: 2, featureSize: 32}"),
            new Model("resnet-small", 6, 3, "[1, 128, 128]", "{kind: resnet18, width: 64, featureSize: 512}",
                    "[3, 64, 64]", "{kind: resnet18, width: 64, featureSize: 512}"),
            new Model("mosi-transformer", 2, 10, List.of(new Modality("text", "[50, 300]", MOSI_TRANSFORMER),
                    new Modality("audio", "[50, 74]", MOSI_TRANSFORMER),
                    new Modality("vision", "[50, 35]", MOSI_TRANSFORMER))));

    private BenchModels() {
    }

    /** @param only model names to run (empty: all); {@code stepScale} multiplies each model's step count */
    static void run(List<String> only, double stepScale, List<String> overrides, PrintStream out) {
        List<String> names = MODELS.stream().map(Model::name).toList();
        for (String name : only) {
            if (!names.contains(name)) {
                throw new ConfigException("bench --model: unknown model '" + name + "'; valid: " + String.join(", ", names));
            }
        }
        redreg.api.internal.engine.runfiles.CudaSupport.requireSupported(); // before KernelBuild loads ND4J
        out.printf(Locale.ROOT, "models of torch_peer.py, batch 64, joint step, kernels %s, OMP_NUM_THREADS=%s%n",
                KernelBuild.describe(), System.getenv().getOrDefault("OMP_NUM_THREADS", "all cores"));
        for (Model m : MODELS) {
            if (!only.isEmpty() && !only.contains(m.name())) {
                continue;
            }
            Experiment exp = Experiment.fromYaml(m.yaml(), Path.of("").toAbsolutePath(), overrides.toArray(String[]::new));
            StepBench run = Bench.engine(exp);
            int steps = Math.max(1, (int) Math.round(m.steps() * stepScale));
            run.timeSteps(Math.min(3, steps), 1); // warm-up: first-call allocation, JIT, oneDNN primitive caches
            double[] rounds = new double[Bench.ROUNDS];
            double[] cpu = new double[Bench.ROUNDS];
            for (int r = 0; r < rounds.length; r++) {
                rounds[r] = run.timeSteps(0, steps);
                cpu[r] = run.lastCpuMs();
            }
            out.printf(Locale.ROOT, "  %-13s %9.1f ms/step  cpu %9.1f ms/step  (median of %d rounds of %d steps; peer: "
                    + "/usr/bin/python3 redreg.bench/peer/torch_peer.py %s 1)%n", m.name(), Bench.median(rounds),
                    Bench.median(cpu), rounds.length, steps, m.name());
        }
    }
}
