#!/usr/bin/env python3
"""Independent numpy computation of one LFM step (heuristic schedule) and the alignment term's gradients.

alpha(e) = clip(exp(-0.3 e), 0.05, 0.95); align = mean over pairs of JS(softmax u_a, softmax u_b) with
JS(p, q) = 0.5 * (kl_div(log p, m) + kl_div(log q, m)), kl_div(x, t) = sum t * (log t - x) / B (torch's
F.kl_div(..., reduction='batchmean')), m = (p + q) / 2 — ModalBed's Alignment(). The term's value is alpha * align; its
gradients w.r.t. every input are central finite differences (step 1e-6, float64), not the analytic formula of the
Java code. Writes lfm.json; LfmTest matches every number to 1e-6.
Run: python3 lfm_reference.py > lfm.json
"""
import json
import numpy as np

rng = np.random.default_rng(20261204)
H = 1e-6


def softmax(l):
    e = np.exp(l - l.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def kl_div(x, t):
    return np.sum(t * (np.log(t) - x)) / x.shape[0]


def js(a, b):
    p, q = softmax(a), softmax(b)
    m = 0.5 * (p + q)
    return 0.5 * (kl_div(np.log(p), m) + kl_div(np.log(q), m))


def alpha(epoch):
    return float(np.clip(np.exp(-0.3 * epoch), 0.05, 0.95))


def term(us, epoch):
    pairs = [(i, j) for i in range(len(us)) for j in range(i + 1, len(us))]
    return alpha(epoch) * np.mean([js(us[i], us[j]) for i, j in pairs])


def case(mods, n, k, epoch):
    us = [rng.normal(scale=1.5, size=(n, k)) for _ in mods]
    grads = {}
    for j, name in enumerate(mods):
        g = np.zeros_like(us[j])
        for idx in np.ndindex(g.shape):
            up, down = [u.copy() for u in us], [u.copy() for u in us]
            up[j][idx] += H
            down[j][idx] -= H
            g[idx] = (term(up, epoch) - term(down, epoch)) / (2 * H)
        grads[name] = g.tolist()
    return {"modalities": mods, "epoch": epoch, "alpha": alpha(epoch), "inputs": {m: u.tolist() for m, u in zip(mods, us)},
            "value": term(us, epoch), "gradients": grads}


print(json.dumps({"cases": [case(["audio", "visual"], 6, 4, 2), case(["audio", "visual", "text"], 5, 3, 0),
                            case(["audio", "visual"], 4, 5, 12)]}))
