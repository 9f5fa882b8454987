package redreg.tasks.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.InMemorySplit;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.BasicPlugin;
import redreg.api.TaskContext;
import redreg.api.TaskProvider;
import redreg.api.Tasks;
import redreg.tasks.SyntheticConfig;

/** Two or more modalities of controllable informativeness; small and fast, for tests and smoke runs. */
public final class SyntheticTask extends LoadedTask<InMemorySplit> {

    SyntheticTask(SyntheticConfig c) {
        Random random = new Random(c.dataSeed());
        if (c.target() == SyntheticConfig.Target.REGRESSION) {
            regression(c, random);
            return;
        }
        for (int k = 0; k < c.classes(); k++) {
            classes.add("class" + k);
        }
        Map<String, double[][]> prototypes = new LinkedHashMap<>();
        for (SyntheticConfig.Modality m : c.modalities()) {
            long[] shape = m.shape().stream().mapToLong(Integer::longValue).toArray();
            modalities.add(new ModalitySpec(m.name(), shape));
            int dim = m.shape().stream().reduce(1, (a, b) -> a * b);
            double[][] p = new double[c.classes()][dim];
            for (double[] row : p) {
                double norm = 0;
                for (int i = 0; i < dim; i++) {
                    row[i] = random.nextGaussian();
                    norm += row[i] * row[i];
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < dim; i++) {
                    row[i] *= m.signal() / norm;
                }
            }
            prototypes.put(m.name(), p);
        }
        this.train = split(c, prototypes, c.trainSize(), random);
        this.test = split(c, prototypes, c.testSize(), random);
    }

    private InMemorySplit split(SyntheticConfig c, Map<String, double[][]> prototypes, int n, Random random) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % c.classes();
        }
        Map<String, INDArray> features = new LinkedHashMap<>();
        for (int mi = 0; mi < c.modalities().size(); mi++) {
            ModalitySpec spec = modalities.get(mi);
            double[][] p = prototypes.get(spec.name());
            int dim = p[0].length;
            double[] data = new double[n * dim];
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < dim; d++) {
                    data[i * dim + d] = p[labels[i]][d] + c.noise() * random.nextGaussian();
                }
            }
            long[] shape = new long[spec.shape().length + 1];
            shape[0] = n;
            System.arraycopy(spec.shape(), 0, shape, 1, spec.shape().length);
            features.put(spec.name(), Nd4j.create(data, shape, Nd4j.defaultFloatingPointType()));
        }
        return new InMemorySplit(features, labels);
    }

    /** t = Σ_m signal_m·⟨u_m, x_m⟩ + noise·ε with x_m ~ N(0, I) and ‖u_m‖ = 1: a known linear target. */
    private void regression(SyntheticConfig c, Random random) {
        objective = redreg.api.Objective.regression();
        Map<String, double[]> directions = new LinkedHashMap<>();
        for (SyntheticConfig.Modality m : c.modalities()) {
            long[] shape = m.shape().stream().mapToLong(Integer::longValue).toArray();
            modalities.add(new ModalitySpec(m.name(), shape));
            double[] u = new double[m.shape().stream().reduce(1, (a, b) -> a * b)];
            double norm = 0;
            for (int i = 0; i < u.length; i++) {
                u[i] = random.nextGaussian();
                norm += u[i] * u[i];
            }
            for (int i = 0; i < u.length; i++) {
                u[i] *= m.signal() / Math.sqrt(norm);
            }
            directions.put(m.name(), u);
        }
        this.train = regressionSplit(c, directions, c.trainSize(), random);
        this.test = regressionSplit(c, directions, c.testSize(), random);
    }

    private InMemorySplit regressionSplit(SyntheticConfig c, Map<String, double[]> directions, int n, Random random) {
        double[] targets = new double[n];
        Map<String, INDArray> features = new LinkedHashMap<>();
        for (ModalitySpec spec : modalities) {
            double[] u = directions.get(spec.name());
            double[] data = new double[n * u.length];
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < u.length; d++) {
                    data[i * u.length + d] = random.nextGaussian();
                    targets[i] += u[d] * data[i * u.length + d];
                }
            }
            long[] shape = new long[spec.shape().length + 1];
            shape[0] = n;
            System.arraycopy(spec.shape(), 0, shape, 1, spec.shape().length);
            features.put(spec.name(), Nd4j.create(data, shape, Nd4j.defaultFloatingPointType()));
        }
        for (int i = 0; i < n; i++) {
            targets[i] += c.noise() * random.nextGaussian();
        }
        return new InMemorySplit(features, targets);
    }

    /** Registered as {@code synthetic}. */
    public static final class Provider extends BasicPlugin<SyntheticConfig> implements TaskProvider<SyntheticConfig> {
        public Provider() {
            super("synthetic", "Gaussian prototypes per modality with controllable signal (one modality dominates)",
                    SyntheticConfig.class, SyntheticConfig::defaults);
        }

        @Override
        public Task create(SyntheticConfig config, TaskContext context) {
            // every modality is drawn, so a subset trains on exactly the same samples
            return Tasks.prepare(new SyntheticTask(config), config.use(), config.standardize());
        }
    }
}
