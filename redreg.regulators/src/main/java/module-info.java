/**
 * The regulators: joint (no change), RedReg, InfoReg, OGM-GE, Greedy. Config records are exported (research code
 * may build them); the implementations stay internal and are reached through {@code ServiceLoader}.
 */
module redreg.regulators {
    requires redreg.api;

    exports redreg.regulators;

    provides redreg.api.RegulatorProvider with
            redreg.regulators.internal.JointProvider,
            redreg.regulators.internal.RedRegProvider,
            redreg.regulators.internal.InfoRegProvider,
            redreg.regulators.internal.OgmGeProvider,
            redreg.regulators.internal.GreedyProvider;
}
