package redreg.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every seed comes from {@link Seeds}; the streams that predate it keep their numbers: RedReg's and OGM-GE's
 * (formerly {@code ctx.seed() * 1_000_003 + offset} inside the plug-ins) and the heads' weights (formerly
 * {@code new Random(heads ^ 0x5DEECE66D)} inside MultimodalModel).
 */
class SeedsTest {
    @Test
    void legacyPluginStreamsKeepTheirFormulasAndNewNamesAreMixed() {
        Seeds s = new Seeds(42);
        assertThat(s.plugin("redreg.probeNoise")).isEqualTo(42L * 1_000_003L + 17);
        assertThat(s.plugin("redreg.dropout")).isEqualTo(42L * 1_000_003L + 29);
        assertThat(s.plugin("ogm-ge.noise")).isEqualTo(42L * 1_000_003L + 41);
        assertThat(s.plugin("greedy")).isEqualTo(s.named("plugin:greedy")).isNotEqualTo(s.named("greedy"));
    }

    @Test
    void theHeadsWeightsStreamIsTheOldOneDrawForDraw() {
        Seeds s = new Seeds(7);
        Random old = new Random((7 + 13) ^ 0x5DEECE66DL);
        Random now = s.headWeights();
        for (int i = 0; i < 100; i++) {
            assertThat(Double.doubleToLongBits(now.nextGaussian())).isEqualTo(Double.doubleToLongBits(old.nextGaussian()));
        }
        // XOR with Random's scramble constant means the generator starts in state heads() itself: the same draws
        // as a Random whose internal seed was set to 20 without the scramble (the LCG's first output below)
        long state = 20;
        state = (state * 0x5DEECE66DL + 0xBL) & ((1L << 48) - 1);
        assertThat(s.headWeights().nextInt()).isEqualTo((int) (state >>> 16));
    }
}
