package redreg.regulators.internal;

import redreg.regulators.ValuationConfig;

/** Registered as {@code valuation}. */
public final class ValuationProvider extends BaselineProvider<ValuationConfig> {
    public ValuationProvider() {
        super("valuation", "Sample-level modality valuation: Shapley contribution per sample, low-contributing modalities"
                + " re-trained alone", ValuationConfig.class, ValuationConfig::defaults, Valuation::new);
    }
}
