package redreg.fusion.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.ConfigException;
import redreg.api.CurationSwitch;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.api.Objective;
import redreg.api.MidFusion;
import redreg.api.nn.Param;
import redreg.fusion.MmtmConfig;

/**
 * MMTM mid-fusion blocks between encoder stages ({@link MmtmBlock}, see {@link MmtmConfig}) and a concatenation
 * head on the pooled features. Implements {@link CurationSwitch}: Greedy's re-balancing step cuts one branch off the
 * cross-modal flow in every block from the next forward on.
 */
public final class MmtmFusion implements Fusion, MidFusion, CurationSwitch {
    private final List<String> modalities;
    private final Map<Integer, MmtmBlock> blocks = new LinkedHashMap<>();
    private final ConcatFusion head;
    private int curated = -1;

    MmtmFusion(MmtmConfig config, FusionContext ctx) {
        this.modalities = ctx.modalities();
        if (modalities.size() < 2) {
            throw new ConfigException("fusion: mmtm needs at least 2 modalities, got " + modalities.size());
        }
        if (ctx.stageShapes().size() != modalities.size()) {
            throw new ConfigException("fusion: mmtm fuses between encoder stages, but this model's encoders offer none");
        }
        int common = ctx.stageShapes().stream().mapToInt(List::size).min().orElse(0);
        if (common == 0) {
            throw new ConfigException("fusion: mmtm needs encoders with at least one stage (an mlp of depth >= 1, a"
                    + " cnn, sequence or resnet18 encoder)");
        }
        List<Integer> stages = config.stages().isEmpty() ? defaultStages(common) : config.stages();
        Random random = new Random(ctx.seed());
        for (int s : stages) {
            if (s < 0 || s >= common) {
                throw new ConfigException("fusion.stages: stage " + s + " is out of range; the encoders have " + common
                        + " stages in common (0.." + (common - 1) + ")");
            }
            if (blocks.containsKey(s)) {
                throw new ConfigException("fusion.stages: stage " + s + " is listed twice");
            }
            List<Integer> channels = new ArrayList<>();
            for (List<long[]> shapes : ctx.stageShapes()) {
                channels.add((int) shapes.get(s)[0]);
            }
            blocks.put(s, new MmtmBlock("fusion.mmtm.s" + s, modalities, channels, config.ratio(), ctx.dataType(), random));
        }
        this.head = new ConcatFusion(new FusionContext(ctx.modalities(), ctx.featureSizes(), ctx.numClasses(),
                ctx.dataType(), ctx.seed() + 1), "fusion.mmtm.head");
    }

    /** Every stage after the first (after layers 2–4 of a ResNet-18, as the official code); the only one if one. */
    static List<Integer> defaultStages(int stages) {
        List<Integer> out = new ArrayList<>();
        for (int s = Math.min(1, stages - 1); s < stages; s++) {
            out.add(s);
        }
        return out;
    }

    @Override
    public List<Param> parameters() {
        List<Param> out = new ArrayList<>();
        blocks.values().forEach(b -> out.addAll(b.parameters()));
        out.addAll(head.parameters());
        return out;
    }

    @Override
    public INDArray forward(List<INDArray> features, boolean training) {
        return head.forward(features, training);
    }

    @Override
    public List<INDArray> backward(INDArray logitGradient) {
        return head.backward(logitGradient);
    }

    /** Each block's running averages and the curated branch. */
    @Override
    public boolean saveState(redreg.api.PluginState state) {
        state.putInt("curated", curated);
        blocks.forEach((stage, block) -> block.save(state.child("block." + stage)));
        return true;
    }

    @Override
    public void restoreState(redreg.api.PluginState state) {
        curated = state.getInt("curated");
        blocks.forEach((stage, block) -> block.restore(state.getChild("block." + stage)));
    }

    @Override
    public Optional<MidFusion> midFusion() {
        return Optional.of(this);
    }

    @Override
    public List<Integer> stages() {
        return List.copyOf(blocks.keySet());
    }

    @Override
    public List<INDArray> forwardStage(int stage, List<INDArray> maps, boolean training) {
        // Curation acts on training forwards only: evaluation always sees the live excitation.
        return blocks.get(stage).forward(maps, training ? curated : -1, training);
    }

    @Override
    public List<INDArray> backwardStage(int stage, List<INDArray> mapGradients) {
        return blocks.get(stage).backward(mapGradients);
    }

    @Override
    public void curate(String modality) {
        curated = modality == null ? -1 : index(modality);
    }

    @Override
    public Optional<String> curated() {
        return curated < 0 ? Optional.empty() : Optional.of(modalities.get(curated));
    }

    @Override
    public List<Param> bypassParameters(String modality) {
        int m = index(modality);
        List<Param> out = new ArrayList<>();
        for (MmtmBlock b : blocks.values()) {
            out.addAll(b.excitationParameters(m));
            out.addAll(b.squeezeParameters());
        }
        return out;
    }

    /** The running average excitation of a branch in the block after {@code stage}, [1, C] (a copy). */
    public INDArray runningAverage(int stage, String modality) {
        return blocks.get(stage).runningAverage(index(modality));
    }

    private int index(String modality) {
        int m = modalities.indexOf(modality);
        if (m < 0) {
            throw new IllegalArgumentException("no modality '" + modality + "'; modalities: " + modalities);
        }
        return m;
    }

    /** Registered as {@code mmtm}. */
    public static final class Provider implements FusionProvider<MmtmConfig> {
        @Override
        public String name() {
            return "mmtm";
        }

        @Override
        public String description() {
            return "MMTM squeeze-excitation blocks between encoder stages (Greedy's architecture), then a concat head";
        }

        @Override
        public Class<MmtmConfig> configType() {
            return MmtmConfig.class;
        }

        @Override
        public MmtmConfig defaults() {
            return MmtmConfig.defaults();
        }

        @Override
        public boolean supports(Objective objective) {
            // the MMTM blocks rescale encoder maps; the head is concat's linear one
            return true;
        }

        @Override
        public Fusion create(MmtmConfig config, FusionContext context) {
            return new MmtmFusion(config, context);
        }
    }
}
