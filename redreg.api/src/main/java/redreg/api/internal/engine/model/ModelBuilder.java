package redreg.api.internal.engine.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.ModalitySpec;
import redreg.api.config.RunSpec;
import redreg.api.Seeds;

/**
 * Builds a run's {@link MultimodalModel} from its {@link RunSpec}: one DL4J graph per modality (seeded per encoder),
 * the fusion block from the plug-in's factory, the heads. With a mid-fusion the same graphs (same initial values)
 * are cut into stages; otherwise each encoder is one graph with an eval-mode twin for kept eval passes.
 */
public final class ModelBuilder {
    private final RunSpec spec;
    private final Seeds seeds;
    private final List<String> modalities;
    private final Map<String, Integer> featureSizes = new LinkedHashMap<>();
    /** Per modality, the per-sample output shape of each encoder stage (what a mid-fusion is built for). */
    private final List<List<long[]>> stageShapes;
    /** The heads' output units. */
    private final int classes;
    private final ObjectiveLoss loss;

    public ModelBuilder(RunSpec spec, Seeds seeds) {
        this.spec = spec;
        this.seeds = seeds;
        this.modalities = spec.task().modalities().stream().map(ModalitySpec::name).toList();
        this.loss = ObjectiveLoss.of(spec.task().objective(), spec.losses().regression());
        this.classes = spec.task().objective().outputs(spec.task().classes().size());
        List<List<long[]>> shapes = new ArrayList<>();
        for (ModalitySpec m : spec.task().modalities()) {
            var encoder = spec.encoders().get(m.name());
            featureSizes.put(m.name(), encoder.featureSize());
            shapes.add(null);
        }
        this.stageShapes = shapes;
    }

    /** The model with its initial weights (the encoders' graphs built once, in modality order). */
    public MultimodalModel build() {
        Map<String, ComputationGraph> graphs = new LinkedHashMap<>();
        int index = 0;
        for (ModalitySpec m : spec.task().modalities()) {
            var encoder = spec.encoders().get(m.name());
            var graph = EncoderFactory.build(m, encoder, spec.dataType(), seeds.encoder(index));
            graphs.put(m.name(), graph);
            stageShapes.set(index, StagedEncoder.stageShapes(graph, encoder, encoder.inputType(m.shape())));
            index++;
        }
        Fusion fusion = newFusion();
        Map<String, Encoder> encoders = new LinkedHashMap<>();
        index = 0;
        for (ModalitySpec m : spec.task().modalities()) {
            long seed = seeds.encoder(index++);
            var encoder = spec.encoders().get(m.name());
            var graph = graphs.get(m.name());
            if (fusion.midFusion().isPresent()) {
                encoders.put(m.name(), new StagedEncoder(m.name(), graph, encoder, encoder.inputType(m.shape())));
            } else {
                EncoderNet net = new EncoderNet(m.name(), graph, encoder);
                net.twinBuilder(() -> EncoderFactory.build(m, encoder, spec.dataType(), seed, true));
                encoders.put(m.name(), net);
            }
        }
        return new MultimodalModel(modalities, encoders, fusion, featureSizes, classes, spec.dataType(), seeds.headWeights(),
                loss);
    }

    /** A fresh fusion block from the plug-in's factory (the run's, and each fork's before its weights are copied). */
    public Fusion newFusion() {
        if (stageShapes.contains(null)) {
            throw new IllegalStateException("newFusion() before build(): the encoders' stage shapes are not known yet");
        }
        return spec.fusionFactory().apply(new FusionContext(modalities, modalities.stream().map(featureSizes::get)
                .toList(), classes, spec.dataType(), seeds.fusion(), List.copyOf(stageShapes)));
    }
}
