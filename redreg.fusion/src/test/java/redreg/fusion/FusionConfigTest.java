package redreg.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import redreg.api.ConfigException;
import redreg.api.Fusion;
import redreg.api.FusionContext;
import redreg.api.FusionProvider;
import redreg.api.nn.Param;
import redreg.fusion.internal.FilmFusion;
import redreg.fusion.internal.GatedFusion;

class FusionConfigTest {
    private final FusionContext two = TestFusions.context(2, DataType.DOUBLE);
    private final FusionContext three = TestFusions.context(3, DataType.DOUBLE);

    private static Fusion create(FusionProvider<?> provider, Record config, FusionContext ctx) {
        return TestFusions.create(provider, config, ctx);
    }

    private static long[] shape(Fusion f, String param) {
        return f.parameters().stream().filter(p -> p.name().equals(param)).findFirst().map(Param::value)
                .orElseThrow().shape();
    }

    @Test
    void providersAreNamedAndDefaultToTheirRecords() {
        assertThat(TestFusions.providers()).extracting(FusionProvider::name)
                .containsExactly("concat", "sum", "film", "gated", "mmcosine");
        assertThat(new FilmFusion.Provider().defaults()).isEqualTo(new FilmConfig(null, null));
        assertThat(new GatedFusion.Provider().defaults()).isEqualTo(new GatedConfig(null, 0));
    }

    @Test
    void unknownModalitiesFailWithOneLineNamingTheValidOnes() {
        assertThatThrownBy(() -> create(new FilmFusion.Provider(), new FilmConfig("x", null), two))
                .isInstanceOf(ConfigException.class)
                .hasMessage("fusion.conditioner: unknown modality 'x'; valid modalities: a, b");
        assertThatThrownBy(() -> create(new FilmFusion.Provider(), new FilmConfig(null, "y"), three))
                .isInstanceOf(ConfigException.class)
                .hasMessage("fusion.conditioned: unknown modality 'y'; valid modalities: a, b, c");
        assertThatThrownBy(() -> create(new GatedFusion.Provider(), new GatedConfig("z", 0), two))
                .isInstanceOf(ConfigException.class)
                .hasMessage("fusion.gate: unknown modality 'z'; valid modalities: a, b");
    }

    @Test
    void invalidRecordsFailInTheirConstructors() {
        assertThatThrownBy(() -> new FilmConfig("a", "a")).isInstanceOf(ConfigException.class)
                .hasMessage("conditioned: must differ from conditioner, both are 'a'");
        assertThatThrownBy(() -> new FilmConfig(" ", null)).isInstanceOf(ConfigException.class);
        // single-key ranges are @Range annotations, checked when options are bound
        assertThatThrownBy(() -> redreg.api.experiment.Registry.bind(new GatedFusion.Provider(),
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("hidden", -1)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<code>: gated.hidden: expected an integer at least 0, got -1");
    }

    @Test
    void filmDefaultsPickTheFirstTwoModalitiesAndGiveGammaBetaTheConditionedSize() {
        // a (3) conditions b (5): γ, β = 2·5 from 3; head on h (5).
        Fusion f = create(new FilmFusion.Provider(), null, two);
        assertThat(shape(f, "fusion.film.film.W")).containsExactly(10, 3);
        assertThat(shape(f, "fusion.film.out.W")).containsExactly(3, 5);
        // Naming only the conditioned modality a: b conditions it.
        f = create(new FilmFusion.Provider(), new FilmConfig(null, "a"), two);
        assertThat(shape(f, "fusion.film.film.W")).containsExactly(6, 5);
        // Three modalities, c conditions b: a is concatenated alongside h.
        f = create(new FilmFusion.Provider(), new FilmConfig("c", "b"), three);
        assertThat(shape(f, "fusion.film.film.W")).containsExactly(10, 4);
        assertThat(shape(f, "fusion.film.out.W")).containsExactly(3, 5 + 3);
    }

    @Test
    void gatedHiddenDefaultsToTheGateModalityFeatureSize() {
        Fusion f = create(new GatedFusion.Provider(), new GatedConfig("b", 0), three);
        assertThat(shape(f, "fusion.gated.a.W")).containsExactly(5, 3);
        assertThat(shape(f, "fusion.gated.out.W")).containsExactly(3, 5);
        f = create(new GatedFusion.Provider(), new GatedConfig(null, 6), two);
        assertThat(shape(f, "fusion.gated.b.W")).containsExactly(6, 5);
    }
}
