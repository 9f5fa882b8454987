/**
 * The regulators: joint (no change), RedReg, InfoReg, OGM-GE, and the baselines PMR, AGM, Re-learning (DRBML),
 * G-Blending, MMPareto, Greedy, and BalanceBenchmark's CML, UMT/UME, OPM/OGM, linear probe. Config records are exported (research code
 * may build them); the implementations stay internal and are reached through {@code ServiceLoader}.
 */
module redreg.regulators {
    requires redreg.api;
    requires commons.math3; // k-means of Re-learning's diagnosis

    exports redreg.regulators;

    provides redreg.api.RegulatorProvider with
            redreg.regulators.internal.JointProvider,
            redreg.regulators.internal.RedRegProvider,
            redreg.regulators.internal.InfoRegProvider,
            redreg.regulators.internal.OgmGeProvider,
            redreg.regulators.internal.GreedyProvider,
            redreg.regulators.internal.PmrProvider,
            redreg.regulators.internal.AgmProvider,
            redreg.regulators.internal.RelearningProvider,
            redreg.regulators.internal.RelearningProvider.Drbml,
            redreg.regulators.internal.GBlendingProvider,
            redreg.regulators.internal.MmParetoProvider,
            // methods1 (issue 21)
            redreg.regulators.internal.CmlProvider,
            redreg.regulators.internal.OgmTpamiProvider,
            redreg.regulators.internal.OpmProvider,
            redreg.regulators.internal.UmtProvider,
            redreg.regulators.internal.UmeProvider,
            redreg.regulators.internal.LinearProbeProvider,
            // methods2 (issue 21)
            redreg.regulators.internal.ValuationProvider,
            redreg.regulators.internal.MbsdProvider,
            redreg.regulators.internal.MlaProvider,
            // methods3 (issue 21)
            redreg.regulators.internal.ReconBoostProvider,
            redreg.regulators.internal.LfmProvider,
            // methods4 (issue 21)
            redreg.regulators.internal.AmcoProvider;
}
