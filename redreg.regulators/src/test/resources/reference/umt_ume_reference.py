#!/usr/bin/env python3
"""UMT's distillation term and UME's test-time rule of one step, in numpy:

    UMT: term = lam * MSELoss(z_m, t_m) = lam * mean over the B*d entries of (z - t)^2   (torch's MSELoss, BalanceBenchmark
         UMT_trainer: loss += scaling * MSE(teacher feature, student feature)); gradient w.r.t. z by central differences
    UME: the ensemble of the uni-modal heads: mean of their logits, or log of the mean of their softmax outputs

Writes umt_ume.json; UmtUmeTest reads it. Run: python3 umt_ume_reference.py
"""
import json
import os

import numpy as np


def mse_term(z, t, lam):
    return lam * ((z - t) ** 2).mean()


def numeric(f, x, h=1e-6):
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        a = f()
        x[idx] = old - h
        b = f()
        x[idx] = old
        g[idx] = (a - b) / (2 * h)
    return g


def softmax(l):
    e = np.exp(l - l.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


if __name__ == "__main__":
    rng = np.random.default_rng(21)
    umt = []
    for (b, d, lam) in [(6, 5, 10.0), (4, 7, 0.5)]:
        z = rng.normal(size=(b, d))
        t = rng.normal(size=(b, d))
        umt.append({"weight": lam, "student": z.tolist(), "teacher": t.tolist(), "value": mse_term(z, t, lam),
                    "gradient": numeric(lambda: mse_term(z, t, lam), z).tolist()})
    heads = {m: rng.normal(size=(5, 4)) * 3 for m in ("audio", "visual", "text")}
    ume = {"heads": {m: v.tolist() for m, v in heads.items()},
           "logits": np.mean(list(heads.values()), axis=0).tolist(),
           "probabilities": np.log(np.mean([softmax(v) for v in heads.values()], axis=0)).tolist()}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "umt_ume.json"), "w") as f:
        json.dump({"umt": umt, "ume": ume}, f, indent=1)
