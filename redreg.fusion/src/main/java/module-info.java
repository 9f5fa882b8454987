/** Fusion strategies: concat, sum, FiLM, gated, the MMTM mid-fusion and MMCosine's cosine head, each with its fused head. */
module redreg.fusion {
    requires redreg.api;

    exports redreg.fusion;

    provides redreg.api.FusionProvider with
            redreg.fusion.internal.ConcatFusion.Provider,
            redreg.fusion.internal.SumFusion.Provider,
            redreg.fusion.internal.FilmFusion.Provider,
            redreg.fusion.internal.GatedFusion.Provider,
            redreg.fusion.internal.MmtmFusion.Provider,
            redreg.fusion.internal.MmCosineFusion.Provider,
            redreg.fusion.internal.SharedHeadFusion.Provider;
}
