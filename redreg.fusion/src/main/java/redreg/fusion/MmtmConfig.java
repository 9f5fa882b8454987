package redreg.fusion;

import java.util.List;
import redreg.api.Range;

/**
 * MMTM mid-fusion (Joze et al., CVPR 2020), the architecture of Greedy (Wu et al., ICML 2022): after chosen encoder
 * stages, each branch's map is rescaled channel-wise by an excitation computed from every branch's squeezed map;
 * the pooled features then meet in a concatenation head like {@code concat}.
 *
 * @param ratio  reduction ratio of the shared squeeze layer: its width is 2·(Σ_m C_m)/ratio (4 in the official code)
 * @param stages encoder stages after which a block fuses (0-based; resnet18 stages are stem+layer1, layer2, layer3,
 *               layer4). Empty: every stage after the first, i.e. after layers 2, 3 and 4 of a ResNet-18 as in the
 *               official code (the only stage when the encoders have one)
 */
public record MmtmConfig(@Range(min = 1) int ratio, @Range(min = 0) List<Integer> stages) {

    public MmtmConfig {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    public static MmtmConfig defaults() {
        return new MmtmConfig(4, List.of());
    }
}
