package redreg.bench.internal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import redreg.api.ConfigException;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.TrainedModel;
import redreg.bench.internal.plot.Tsne;
import redreg.bench.internal.plot.TsnePlot;

/** {@code redreg plot tsne RUN_DIR…}: the paper's Fig. 6. */
@Command(name = "plot", header = "Figures of trained runs.", footer = "", description = "Figures of trained runs.")
final class PlotCmd extends CommandBase {

    PlotCmd(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(io.err());
        return ExitCode.USER;
    }

    @Command(name = "tsne", header = "t-SNE of the fused features of one or several runs, side by side (Fig. 6).",
            footer = "", description = {"One panel per run: an exact t-SNE of each sample's fused representation",
                "(--features: or one modality's pooled features), points coloured by class; one PNG."})
    static final class TsneCmd extends CommandBase {
        @Parameters(index = "0..*", arity = "1..*", paramLabel = "RUN_DIR", description = "run folders with a model")
        List<Path> runs = new ArrayList<>();

        @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
                description = "test (default), train or validation")
        String split;

        @Option(names = "--features", paramLabel = "WHAT", defaultValue = "fused",
                description = "fused (default: the fused representation) or a modality's name")
        String features;

        @Option(names = "--out", paramLabel = "FILE", defaultValue = "tsne.png", description = "the PNG (default tsne.png)")
        Path out;

        @Option(names = "--perplexity", defaultValue = "30", description = "t-SNE perplexity (default 30)")
        double perplexity;

        @Option(names = "--iterations", defaultValue = "1000", description = "t-SNE iterations, at least 250 (default 1000)")
        int iterations;

        @Option(names = "--max-points", defaultValue = "1500",
                description = "a seeded sample of at most this many samples, the same for every run (default 1500)")
        int maxPoints;

        @Option(names = "--seed", defaultValue = "0", description = "seed of the sample and of the t-SNE start")
        long seed;

        TsneCmd(Streams io) {
            super(io);
        }

        @Override
        public Integer call() {
            if (iterations < 250) {
                throw new ConfigException("plot tsne --iterations: at least 250, got " + iterations);
            }
            if (maxPoints < 2 || perplexity <= 0 || perplexity >= maxPoints) {
                throw new ConfigException("plot tsne: --perplexity must be in (0, --max-points), got " + perplexity);
            }
            List<TsnePlot.Panel> panels = new ArrayList<>();
            List<String> classes = null;
            for (Path run : runs) {
                Experiment e = Experiment.load(run, List.of());
                TrainedModel m = e.trained();
                var split = m.split(this.split);
                TrainedModel.Features f = m.features(split);
                INDArray x = features.equals("fused") ? f.fused() : f.modalities().get(features);
                if (x == null) {
                    throw new ConfigException("plot tsne --features: unknown '" + features + "'; valid: fused, "
                            + String.join(", ", f.modalities().keySet()));
                }
                int[] rows = TsnePlot.sample(f.labels().length, maxPoints, seed);
                double[][] points = x.get(NDArrayIndex.indices(toLong(rows)), NDArrayIndex.all()).castTo(DataType.DOUBLE)
                        .toDoubleMatrix();
                int[] labels = new int[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    labels[i] = f.labels()[rows[i]];
                }
                String title = String.format(Locale.ROOT, "%s (%s): accuracy %.3f", e.config().name(),
                        e.config().regulator().name(), m.evaluate(split).get("accuracy"));
                panels.add(new TsnePlot.Panel(title, points, labels));
                classes = m.task().classes();
            }
            TsnePlot.write(panels, classes, new Tsne(perplexity, iterations), seed, out);
            io.out().println("t-SNE of the " + features + " features of " + runs.size() + " run(s), " + split + " split -> "
                    + out.toAbsolutePath());
            return ExitCode.OK;
        }

        private static long[] toLong(int[] rows) {
            long[] out = new long[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = rows[i];
            }
            return out;
        }
    }
}
