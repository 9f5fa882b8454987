package redreg.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import redreg.api.Batch;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.experiment.Experiment;
import redreg.api.internal.engine.model.EncoderFactory;
import redreg.api.internal.engine.model.EncoderNet;
import redreg.api.internal.engine.model.Losses;

/** The same encoders, concat head and unimodal heads as one DL4J graph, trained by DL4J's own {@code fit()}. */
final class IdenticalGraph {
    private final ComputationGraph graph;
    private final List<MultiDataSet> batches = new ArrayList<>();
    private int next;

    /** The graph and the data set batches it cycles over (built once, outside the timing). */
    IdenticalGraph(Experiment exp, Task task) {
        this.graph = build(exp, task);
        for (Batch b : StepBench.sequentialBatches(task.train(), exp.config().training().batchSize(), new Random(1))) {
            batches.add(toDataSet(task, b, exp));
        }
    }

    /** ms per {@code fit()} over {@code steps} batches after {@code warmup} untimed ones. */
    double timeFit(int warmup, int steps) {
        long start = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                start = System.nanoTime();
            }
            graph.fit(batches.get(next++ % batches.size()));
        }
        return (System.nanoTime() - start) / 1e6 / steps;
    }

    static ComputationGraph build(Experiment exp, Task task) {
        var cfg = exp.config();
        var encoders = exp.encoders(task);
        GraphBuilder g = new NeuralNetConfiguration.Builder().seed(cfg.seed()).dataType(exp.dataType())
                .updater(new Nesterovs(cfg.optimizer().lr(), cfg.optimizer().momentum()))
                .l2(cfg.optimizer().weightDecay()).weightInit(WeightInit.RELU)
                .graphBuilder();
        List<String> features = new ArrayList<>();
        List<InputType> types = new ArrayList<>();
        int classes = task.classes().size();
        for (ModalitySpec m : task.modalities()) {
            var spec = encoders.get(m.name());
            g.addInputs("in_" + m.name());
            types.add(spec.inputType(m.shape()));
            String z = EncoderFactory.addLayers(g, m.name() + "_", "in_" + m.name(), m, spec);
            features.add(z);
            g.addLayer("head_" + m.name(), new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(classes).activation(Activation.SOFTMAX).build(), z);
        }
        g.addVertex("concat", new MergeVertex(), features.toArray(String[]::new));
        g.addLayer("fused", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).build(), "concat");
        List<String> outputs = new ArrayList<>();
        outputs.add("fused");
        task.modalities().forEach(m -> outputs.add("head_" + m.name()));
        g.setOutputs(outputs.toArray(String[]::new));
        g.setInputTypes(types.toArray(InputType[]::new));
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    private static MultiDataSet toDataSet(Task task, Batch b, Experiment exp) {
        var encoders = exp.encoders(task);
        List<INDArray> in = new ArrayList<>();
        for (ModalitySpec m : task.modalities()) {
            in.add(encoders.get(m.name()).adapt(b.inputs().get(m.name())));
        }
        INDArray y = Losses.oneHot(b.labels(), task.classes().size(), in.get(0));
        INDArray[] labels = new INDArray[task.modalities().size() + 1];
        java.util.Arrays.fill(labels, y);
        return new MultiDataSet(in.toArray(INDArray[]::new), labels);
    }
}
