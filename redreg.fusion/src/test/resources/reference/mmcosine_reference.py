#!/usr/bin/env python3
"""MMCosine's training step as the official main_CD.py writes it (GeWu-Lab/MMCosine_ICASSP23), in numpy:

    out_m = s * normalize(z_m, dim=1) @ normalize(W[:, block_m].T, dim=0)      (F.normalize: x / max(|x|, 1e-12))
    out   = sum_m out_m;  loss = CE(out, y) (batch mean)

Gradients w.r.t. z_m and W by fourth-order central differences of that loss (no hand-derived backward), for two and three
modalities with different feature sizes. Writes mmcosine.json next to this script; MmCosineReferenceTest reads it.
Run: python3 mmcosine_reference.py
"""
import json
import os

import numpy as np


def normalize(x, axis):
    n = np.sqrt((x * x).sum(axis=axis, keepdims=True))
    return x / np.maximum(n, 1e-12)


def loss_and_logits(zs, W, y, s):
    out = 0
    off = 0
    for z in zs:
        d = z.shape[1]
        out = out + s * normalize(z, 1) @ normalize(W[:, off:off + d].T, 0)
        off += d
    m = out.max(axis=1, keepdims=True)
    logp = out - m - np.log(np.exp(out - m).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean(), out


def numeric(f, x, h=1e-4):
    """Fourth-order central differences (truncation O(h^4): the normalisation is strongly curved at small norms)."""
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        v = []
        for step in (2, 1, -1, -2):
            x[idx] = old + step * h
            v.append(f())
        x[idx] = old
        g[idx] = (-v[0] + 8 * v[1] - 8 * v[2] + v[3]) / (12 * h)
    return g


def case(rng, sizes, classes, batch, s):
    zs = [np.abs(rng.normal(size=(batch, d))) + 0.3 for d in sizes]   # post-ReLU-like, norms away from 0
    W = rng.uniform(-1, 1, size=(classes, sum(sizes))) / np.sqrt(sum(sizes))
    y = rng.integers(0, classes, size=batch)
    loss, logits = loss_and_logits(zs, W, y, s)
    f = lambda: loss_and_logits(zs, W, y, s)[0]
    return {"scaling": s, "sizes": sizes, "labels": y.tolist(), "features": [z.tolist() for z in zs],
            "weight": W.tolist(), "logits": logits.tolist(), "loss": loss,
            "featureGradients": [numeric(f, z).tolist() for z in zs], "weightGradient": numeric(f, W).tolist()}


if __name__ == "__main__":
    rng = np.random.default_rng(2023)
    cases = [case(rng, [5, 3], 4, 6, 10.0), case(rng, [4, 6, 3], 5, 7, 15.0)]
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "mmcosine.json"), "w") as f:
        json.dump({"cases": cases}, f, indent=1)
