#!/usr/bin/env python3
"""Independent numpy computation of one ReconBoost step's loss terms and their logit gradients.

Boosting stage of modality m (official huacong/ReconBoost train.py, written here with one-hot targets as there):
  boosting = mean_i mean_k [ -w1 * t * log_softmax(l_m) + w2 * t * softmax(F_rest) * log_softmax(l_m) ]
  ga       = alpha * mean over others o of mean_{i,k} (softmax(l_m) - softmax(l_o))**2
with F_rest = sum of the other heads' logits (held fixed). Rectification stage:
  ensemble = mean_i CE(softmax(sum_m l_m), y).
Gradients w.r.t. every logit are central finite differences (step 1e-6, float64) of those scalar functions, not the
analytic formulas of the Java code. Writes reconboost.json; ReconBoostTest matches every number to 1e-6.
Run: python3 reconboost_reference.py > reconboost.json
"""
import json
import numpy as np

rng = np.random.default_rng(20261203)
H = 1e-6
W1, W2, ALPHA = 5.0, 1.0, 0.5


def softmax(l):
    e = np.exp(l - l.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(l):
    s = l - l.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def boosting(lm, rest, y):
    t = np.eye(lm.shape[1])[y]
    per = (-W1 * t * log_softmax(lm)).mean(-1) + (W2 * t * softmax(rest) * log_softmax(lm)).mean(-1)
    return per.mean()


def ga(lm, others):
    return ALPHA * np.mean([np.mean((softmax(lm) - softmax(lo)) ** 2) for lo in others])


def ensemble(logits, y):
    return -log_softmax(sum(logits))[np.arange(len(y)), y].mean()


def fd(f, x):
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += H
        down[idx] -= H
        g[idx] = (f(up) - f(down)) / (2 * H)
    return g


def case(mods, n, k):
    y = rng.integers(0, k, size=n)
    logits = [rng.normal(scale=1.5, size=(n, k)) for _ in mods]
    logits[1][0, y[0]] += 4.0  # the other ensemble right on sample 0: its boosting weight drops
    m = 0  # the learner: the first modality's stage
    others = logits[1:]
    rest = sum(others)
    out = {"modalities": mods, "labels": y.tolist(), "learner": mods[m],
           "logits": {name: l.tolist() for name, l in zip(mods, logits)},
           "boost": boosting(logits[m], rest, y),
           "boostGradient": fd(lambda x: boosting(x, rest, y), logits[m]).tolist(),
           "ga": ga(logits[m], others),
           "gaGradient": fd(lambda x: ga(x, others), logits[m]).tolist(),
           "ensemble": ensemble(logits, y), "ensembleGradients": {}}
    for j, name in enumerate(mods):
        def f(x, j=j):
            ls = list(logits)
            ls[j] = x
            return ensemble(ls, y)
        out["ensembleGradients"][name] = fd(f, logits[j]).tolist()
    return out


print(json.dumps({"cases": [case(["audio", "visual"], 6, 4), case(["audio", "visual", "text"], 5, 3)]}))
