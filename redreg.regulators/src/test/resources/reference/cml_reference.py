#!/usr/bin/env python3
"""CML's loss of one step as the official miwae/train.py writes it (QingyangZhang/CML), in numpy:

    cls  = mean_v CE(logits_v, y)                                   (v = 0 … M−1: 0, 1, … modalities removed)
    rank = Σ_v Σ_i ReLU((conf_{v+1} − conf_v)·[pred_v = y] − ε)                                  (trick 1)
         + Σ_v Σ_i ReLU((conf_{v+1} − sg(conf_v))·[pred_{v+1} ≠ y ∧ pred_v ≠ y] − ε)              (trick 2)
    loss = cls + λ·rank          (the official weight is β/100)

conf = max softmax, pred = argmax. Gradients w.r.t. every input's logits by central differences (sg: conf_v held
fixed in trick 2). Writes cml.json; CmlTest reads it. Run: python3 cml_reference.py
"""
import json
import os

import numpy as np


def softmax(l):
    e = np.exp(l - l.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def loss(logits, y, lam, eps, frozen=None):
    """frozen: the conf_v of trick 2 (held constant); None = computed from logits."""
    M, n = len(logits), len(y)
    p = [softmax(l) for l in logits]
    cls = np.mean([-np.log(p[v][np.arange(n), y]).mean() for v in range(M)])
    conf = [pv.max(axis=1) for pv in p]
    pred = [pv.argmax(axis=1) for pv in p]
    sg = conf if frozen is None else frozen
    rank = 0.0
    for v in range(M - 1):
        s1 = (pred[v] == y).astype(float)
        rank += np.maximum((conf[v + 1] - conf[v]) * s1 - eps, 0).sum()
        s2 = ((pred[v + 1] != y) & (pred[v] != y)).astype(float)
        rank += np.maximum((conf[v + 1] - sg[v]) * s2 - eps, 0).sum()
    return cls + lam * rank, cls, rank, conf


def case(rng, M, n, k, lam, eps):
    base = rng.normal(size=(n, k)) * 2
    logits = [base + rng.normal(size=(n, k)) * (0.5 + v) for v in range(M)]   # removal makes them noisier
    y = rng.integers(0, k, size=n)
    total, cls, rank, conf = loss(logits, y, lam, eps)
    frozen = [c.copy() for c in conf]
    grads = []
    h = 1e-6
    for v in range(M):
        g = np.zeros_like(logits[v])
        for idx in np.ndindex(g.shape):
            old = logits[v][idx]
            logits[v][idx] = old + h
            a = loss(logits, y, lam, eps, frozen)[0]
            logits[v][idx] = old - h
            b = loss(logits, y, lam, eps, frozen)[0]
            logits[v][idx] = old
            g[idx] = (a - b) / (2 * h)
        grads.append(g.tolist())
    return {"lambda": lam, "margin": eps, "labels": y.tolist(), "logits": [l.tolist() for l in logits],
            "value": total, "classification": cls, "rank": rank, "gradients": grads}


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    cases = [case(rng, 2, 12, 4, 0.1, 0.0), case(rng, 3, 10, 5, 0.5, 0.02)]
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cml.json"), "w") as f:
        json.dump({"cases": cases}, f, indent=1)
    for c in cases:
        print("rank", c["rank"])
