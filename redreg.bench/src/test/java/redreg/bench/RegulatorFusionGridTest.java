package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redreg.api.ConfigException;
import redreg.api.EpochMetrics;
import redreg.api.FusionProvider;
import redreg.api.RegulatorProvider;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.Registry;
import redreg.api.experiment.RunResult;

/**
 * Every discovered regulator (variants and ablations too) trains with every discovered late fusion, and with three
 * modalities — or, for a method defined for two, refuses three in one line.
 */
class RegulatorFusionGridTest {
    private static final String YAML = """
            name: grid
            task:
              name: synthetic
              trainSize: 256
              testSize: 128
            model:
              encoder: {kind: auto, width: 16, depth: 1, featureSize: 16}
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, weightDecay: 1.0e-4, lrStepEpochs: 0}
            training: {epochs: 3, batchSize: 32, diagnostics: true, probeEvery: 2}
            output: {progress: false}
            """;
    private static final String THREE = "task.modalities=[{name: audio, shape: [16], signal: 4.0},"
            + " {name: visual, shape: [16], signal: 2.0}, {name: text, shape: [16], signal: 1.5}]";

    /**
     * Extra runs of a regulator (variants, ablations) or the options it needs to run in a 3-epoch grid; a discovered
     * regulator missing here runs once at its defaults, so a new plug-in is in the grid without editing this test.
     */
    private static final Map<String, List<String[]>> VARIANTS = Map.ofEntries(
            Map.entry("ogm-ge", List.of(new String[] {},
                    new String[] {"regulator.ge=false", "regulator.parameters=conv"})),
            Map.entry("ogm-tpami", List.<String[]>of(new String[] {"regulator.startEpoch=1"})),
            Map.entry("opm", List.<String[]>of(new String[] {"regulator.warmupEpochs=1"})),
            Map.entry("umt", List.<String[]>of(new String[] {"regulator.teacherEpochs=2"})),
            Map.entry("linear-probe", List.<String[]>of(new String[] {"regulator.probeEpochs=1"})),
            Map.entry("inforeg", List.of(new String[] {}, new String[] {"regulator.variant=reference-code"})),
            Map.entry("redreg", List.of(new String[] {"regulator.warmupEpochs=0"},
                    new String[] {"regulator.variant=reference-code"},
                    new String[] {"regulator.warmupEpochs=0", "regulator.monitor=false"},
                    new String[] {"regulator.warmupEpochs=0", "regulator.gate=false"},
                    new String[] {"regulator.warmupEpochs=0", "losses.unimodal=true"})),
            Map.entry("drbml", List.<String[]>of(new String[] {"regulator.reinitEpoch=1", "training.validation=0.1"})),
            Map.entry("g-blending", List.<String[]>of(new String[] {"regulator.superEpoch=2",
                    "regulator.estimationEpochs=1", "training.validation=0.1"})),
            Map.entry("valuation", List.<String[]>of(new String[] {"regulator.warmupEpochs=1"})),
            Map.entry("reconboost", List.<String[]>of(new String[] {"regulator.boostEpochs=1",
                    "regulator.rectifyEpochs=1"}, new String[] {"regulator.boostEpochs=1", "regulator.rectifyEpochs=1",
                    "regulator.alphaGradient=false"})));
    /** Regulators this grid leaves out, and where they are covered. */
    private static final Map<String, String> ELSEWHERE = Map.of("greedy", "mmtm only: MidFusionRegulatorsTest",
            "relearning", "the same method as drbml");
    /** Regulators defined for two modalities: with three they must refuse the run in one line (none at present). */
    private static final Set<String> TWO_MODALITIES = Set.of();
    /** Fusions between encoder stages have their own grid (MidFusionRegulatorsTest). */
    private static final Set<String> MID_FUSIONS = Set.of("mmtm");
    /** Regulators defined on one fusion's architecture: with any other they must refuse the run in one line. */
    private static final Map<String, String> ONE_FUSION = Map.of("mla", "shared-head");

    static List<org.junit.jupiter.params.provider.Arguments> grid() {
        Registry registry = Registry.discover();
        List<String[]> regulators = new ArrayList<>();
        for (RegulatorProvider<?> p : registry.regulators()) {
            if (ELSEWHERE.containsKey(p.name())) {
                continue;
            }
            for (String[] v : VARIANTS.getOrDefault(p.name(), List.<String[]>of(new String[] {}))) {
                List<String> o = new ArrayList<>(List.of("regulator.name=" + p.name()));
                o.addAll(List.of(v));
                regulators.add(o.toArray(String[]::new));
            }
        }
        List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
        for (FusionProvider<?> fusion : registry.fusions()) {
            if (MID_FUSIONS.contains(fusion.name())) {
                continue;
            }
            for (String[] r : regulators) {
                List<String> o = new ArrayList<>(List.of(r));
                o.add("fusion.name=" + fusion.name());
                out.add(org.junit.jupiter.params.provider.Arguments.of(String.join(" ", o)));
            }
        }
        for (String[] r : regulators) {
            List<String> o = new ArrayList<>(List.of(r));
            String only = ONE_FUSION.get(r[0].substring("regulator.name=".length()));
            if (only != null) {
                o.add("fusion.name=" + only);
            }
            o.add(THREE);
            out.add(org.junit.jupiter.params.provider.Arguments.of(String.join(" ", o)));
        }
        return out;
    }

    @Test
    void everyRegulatorIsInTheGrid() {
        Set<String> named = new TreeSet<>();
        for (org.junit.jupiter.params.provider.Arguments a : grid()) {
            named.add(((String) a.get()[0]).split(" ")[0].substring("regulator.name=".length()));
        }
        named.addAll(ELSEWHERE.keySet());
        Set<String> all = new TreeSet<>();
        Registry.discover().regulators().forEach(p -> all.add(p.name()));
        assertThat(named).isEqualTo(all);
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void trainsWithoutNaNAndBeatsChance(String joined) {
        String[] overrides = joined.split(" (?=[A-Za-z.]+=)");
        List<String> o = new ArrayList<>(List.of(overrides));
        o.add("output.dir=" + dir);
        String name = overrides[0].substring("regulator.name=".length());
        boolean wrongFusion = ONE_FUSION.containsKey(name) && !joined.contains("fusion.name=" + ONE_FUSION.get(name));
        if (wrongFusion || joined.contains(THREE) && TWO_MODALITIES.contains(name)) {
            assertThatThrownBy(() -> Experiment.fromYaml(YAML, dir, o.toArray(String[]::new))
                    .run(new PrintStream(OutputStream.nullOutputStream())))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains("regulator " + name));
            return;
        }
        RunResult r = Experiment.fromYaml(YAML, dir, o.toArray(String[]::new))
                .run(new PrintStream(OutputStream.nullOutputStream()));
        for (EpochMetrics e : r.epochs()) {
            assertThat(e.trainLoss()).as(String.join(" ", overrides)).isFinite();
        }
        // chance is 0.25; gated fusion learns slowest in 3 short epochs (about 0.5). G-Blending may send almost
        // all of the loss to one head after so short an estimation (w ∝ ΔG/ΔO²): its best head must learn.
        double accuracy = r.accuracy();
        if (joined.contains("g-blending")) {
            for (String m : List.of("audio", "visual")) {
                accuracy = Math.max(accuracy, r.modalityAccuracy(m));
            }
        }
        assertThat(accuracy).as(String.join(" ", overrides)).isGreaterThan(0.4);
    }
}
