package redreg.regulators;

import redreg.api.Range;


/**
 * InfoReg's options (Huang et al., CVPR 2025; facts from its public code in reference-implementations.md).
 *
 * @param variant       paper: the dominant modality is slowed during its own prime window, with
 *                      {@code coefficient}; reference-code: the first modality's Fisher trace decides the window for
 *                      every modality, the first modality is slowed with {@code coefficient} inside it and any
 *                      other dominant modality with {@code weakCoefficient} at all times (as the code does)
 * @param coefficient   base of β = coefficient·exp(tanh(s_dom − s_other)) (code: 0.95)
 * @param weakCoefficient reference-code only: base for a dominant modality other than the first (code: 0.10)
 * @param traceWindow   epochs in each half of the prime-window test (code: 10, history pre-padded with zeros)
 * @param threshold     the window stays open while the relative change k of the Fisher trace exceeds this (0.05)
 * @param scoreMean     scores as batch means of the true-class probability instead of sums (the code sums)
 */
public record InfoRegConfig(Variant variant, @Range(min = 0) double coefficient, @Range(min = 0) double weakCoefficient,
                            @Range(min = 1) int traceWindow, @Range(min = 0) double threshold, boolean scoreMean) {

    public enum Variant { PAPER, REFERENCE_CODE }

    public static InfoRegConfig defaults() {
        return new InfoRegConfig(Variant.PAPER, 0.95, 0.10, 10, 0.05, false);
    }
}
