#!/usr/bin/env python3
"""AMCo's per-step decisions as BalanceBenchmark's AMCo_trainer.py and its AMCo model compute them, in numpy, over
a few epochs of a few steps:

    each epoch: l_t = 0, no modality dependent;  each step: p_t = sin(pi/2 * min(eps, l_t) / eps);  l_t += epoch / 10
    mask of the first dependent modality m: N = int(p_t * d_m) zeros at shuffled entries, the rest 1;
        z_m <- z_m * mask * (1 / (1 - p_t) if |p_t - 1| > 0.1 else 10)          (one mask for the whole batch)
    after the step: P = softmax over the concatenated heads' logits [B, M*K]; s_m = sum(P[:, block m]) / B;
        the first modality with s_m >= sigma becomes dependent (flags stay on for the epoch)

The trainer's np.random.shuffle is replaced by a Fisher-Yates shuffle on a replica of java.util.Random
(j = int(u * (i + 1)) for i = d-1 .. 1), the draws the Java regulator makes, so both sides mask the same entries.
(The engine's side, the fused forward and its gradient on entry-wise scaled features, is checked by finite
differences in StepControlsTest.) Writes amco.json; AmcoTest reads it. Run: python3 amco_reference.py
"""
import json
import math
import os

import numpy as np

from opm_reference import JavaRandom


def mask_ratio(lt, eps):
    return math.sin(math.pi / 2 * (min(eps, lt) / eps))


def mask(d, pt, rnd):
    zeros = int(pt * d)
    keep = 1 / (1 - pt) if abs(pt - 1) > 0.1 else 10.0
    m = [keep if j < d - zeros else 0.0 for j in range(d)]
    for i in range(d - 1, 0, -1):
        j = int(rnd.next_double() * (i + 1))
        m[i], m[j] = m[j], m[i]
    return m


def shares(logits):
    row = np.concatenate(logits, axis=1)
    p = np.exp(row - row.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    k = logits[0].shape[1]
    return [float(p[:, m * k:(m + 1) * k].sum() / row.shape[0]) for m in range(len(logits))]


def case(mods, sizes, k, batch, epochs, steps, sigma, eps, seed, gains, data_seed):
    rng = np.random.default_rng(data_seed)
    rnd = JavaRandom(seed)
    out = []
    for epoch in range(epochs):
        lt, dependent = 0.0, set()
        for step in range(steps):
            logits = {m: (gains[i] * rng.normal(size=(batch, k))).tolist() for i, m in enumerate(mods)}
            pt = mask_ratio(lt, eps)
            lt += epoch / 10
            masked = next((m for m in mods if m in dependent), None)
            msk = mask(sizes[masked], pt, rnd) if masked else None
            s = shares([np.array(logits[m]) for m in mods])
            first = next((m for i, m in enumerate(mods) if s[i] >= sigma), None)
            if first:
                dependent.add(first)
            out.append({"epoch": epoch, "logits": logits, "pt": pt, "masked": masked, "mask": msk,
                        "shares": dict(zip(mods, s))})
    return {"modalities": mods, "sizes": sizes, "classes": k, "batch": batch, "sigma": sigma, "eps": eps,
            "seed": seed, "steps": out}


def main():
    cases = [
        case(["audio", "visual"], {"audio": 6, "visual": 4}, 3, 5, 3, 4, 0.5, 0.3, 11, [2.0, 1.0], 1),
        case(["audio", "visual", "text"], {"audio": 5, "visual": 7, "text": 3}, 4, 6, 3, 5, 0.4, 0.3, 5,
             [0.5, 2.5, 1.0], 2),
    ]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "amco.json")
    with open(path, "w") as f:
        json.dump({"cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()
