package redreg.regulators.internal;

import redreg.regulators.OgmGeConfig;

/**
 * Registered as {@code ogm-tpami}: OGM, the gradient form of the journal version (Wei, Hu, Du &amp; Wen, TPAMI 2024,
 * "On-the-fly Modulation for Balanced Multimodal Learning"), at the official GeWu-Lab/BML_TPAMI2024 defaults
 * ({@code scripts/train_ogm.sh}, {@code main.py}): α 0.8; the warm-up of epochs 0–5 and the window up to epoch 60
 * (inclusive); only 4-D convolution kernels are modulated and every encoder's kernels get the Gaussian enhancement.
 * The rule itself is OGM-GE's ({@link OgmGe}).
 */
public final class OgmTpamiProvider extends BaselineProvider<OgmGeConfig> {
    public OgmTpamiProvider() {
        super("ogm-tpami", "OGM (TPAMI 2024): OGM-GE's rule at the journal code's defaults (conv kernels, warm-up 6 epochs)",
                OgmGeConfig.class, OgmTpamiProvider::journalDefaults, OgmGe::new);
    }

    static OgmGeConfig journalDefaults() {
        return new OgmGeConfig(0.8, true, true, 6, 61, OgmGeConfig.Parameters.CONV);
    }
}
