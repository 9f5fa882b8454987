#!/usr/bin/env python3
"""OPM's drop of one step as the official BML_TPAMI2024 models/Classifier.py computes it, in numpy:

    ratio_m = tanh(relu(s_m / s_other - 1));  q_m = q_base * (1 + lam * ratio_m) if ratio_m > 0 else 0, clip [0, 1]
    exe_drop = u >= 1 - p_exe;  mask_m,i ~ Bernoulli(1 - q_m);  theta = sum_m d_m q_m / sum_m d_m
    fused input z_m,i * mask_m,i / (1 - theta);  samples with no modality kept leave the loss (mean over the kept)

with the official ratio against the other modality (three modalities: against the mean of the others, redreg's
extension). The uniform draws come from a replica of java.util.Random (the Java regulator draws the execute
decision first, then the masks modality by modality, sample by sample), so both sides drop the same entries.
(The engine's side, the fused loss on scaled features with sample weights, is checked by finite differences in
StepControlsTest.) Writes opm.json; OpmTest reads it. Run: python3 opm_reference.py
"""
import json
import math
import os

import numpy as np

MASK = (1 << 48) - 1


class JavaRandom:
    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & MASK

    def next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & MASK
        r = self.seed >> (48 - bits)
        return r - (1 << bits) if r >= 1 << (bits - 1) and bits == 32 else r

    def next_double(self):
        return ((self.next(26) << 27) + self.next(27)) * 2.0 ** -53


def drop_probabilities(scores, q_base, lam):
    q = {}
    for m, s in scores.items():
        others = np.mean([v for k, v in scores.items() if k != m])
        ratio = math.tanh(max(s / others - 1, 0))
        q[m] = min(max(q_base * (1 + lam * ratio) if ratio > 0 else 0.0, 0.0), 1.0)
    return q


def case(scores, sizes, batch, q_base, lam, p_exe, seed, q=None):
    """q: given drop probabilities (to reach samples with every modality dropped, which the rule itself never
    produces with two modalities: only the leading one has q > 0)."""
    rnd = JavaRandom(seed)
    given = q is not None
    q = drop_probabilities(scores, q_base, lam) if q is None else q
    execute = rnd.next_double() >= 1 - p_exe
    theta = sum(sizes[m] * q[m] for m in q) / sum(sizes.values())
    scale, kept_any = {}, np.zeros(batch, bool)
    for m in q:
        keep = np.array([rnd.next_double() < 1 - q[m] for _ in range(batch)])
        scale[m] = np.where(keep, 1 / (1 - theta), 0.0)
        kept_any |= keep
    k = kept_any.sum()
    weights = np.where(kept_any, batch / k, 0.0)
    return {"scores": scores, "sizes": sizes, "batch": batch, "qBase": q_base, "lambda": lam, "execute": p_exe,
            "seed": seed, "q": q, "qGiven": given, "executed": bool(execute), "theta": theta,
            "scale": {m: v.tolist() for m, v in scale.items()}, "weights": weights.tolist(), "kept": int(k)}


if __name__ == "__main__":
    cases = [case({"audio": 9.0, "visual": 4.0}, {"audio": 32, "visual": 32}, 16, 0.5, 0.5, 0.7, 11),
             case({"audio": 3.0, "visual": 5.5}, {"audio": 8, "visual": 24}, 12, 0.4, 0.5, 0.7, 5),
             case({"audio": 7.0, "visual": 2.0, "text": 3.0}, {"audio": 16, "visual": 8, "text": 4}, 10, 0.5, 1.0,
                  0.7, 3),
             case({"audio": 1.0, "visual": 1.0}, {"audio": 8, "visual": 8}, 20, 0.5, 0.5, 1.0, 9,
                  q={"audio": 0.6, "visual": 0.7})]
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "opm.json"), "w") as f:
        json.dump({"cases": cases}, f, indent=1)
    for c in cases:
        print(c["q"], c["executed"], c["kept"])
